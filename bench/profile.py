"""Where our build's time goes: `mkdocs build` under cProfile, summarized by hotspot and phase."""

from __future__ import annotations

import pstats
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from bench.measure import run
from bench.sites import ROOT

# (label, file suffix, function name): cumulative time of these calls names a build phase.
PHASES = (
    ("whole build (mkdocs.commands.build.build)", "mkdocs/commands/build.py", "build"),
    ("load and check content (load_site)", "generator/content/load.py", "load_site"),
    ("render Markdown from templates (Renderer.pages)", "generator/render/renderer.py", "pages"),
    ("Markdown to HTML, Pygments included (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("theme templates: nav, page shell (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("Pygments highlighting (highlight)", "pygments/__init__.py", "highlight"),
    ("HTML sanitizing (clean_html)", "generator/engine/sanitize.py", "clean_html"),
    ("load YAML with positions (load_document)", "generator/content/yamlload.py", "load_document"),
    ("snippet checks (analyze)", "generator/checks/snippets.py", "analyze"),
    ("search index (add_entry_from_context)", "search/plugin.py", "add_entry_from_context"),
    ("writing files (write_file)", "mkdocs/utils/__init__.py", "write_file"),
)


@dataclass(frozen=True)
class Hotspot:
    where: str
    calls: int
    own: float
    cumulative: float


@dataclass(frozen=True)
class Profile:
    total: float
    phases: list[tuple[str, float]]
    cumulative: list[Hotspot]
    own: list[Hotspot]


def short(file: str, line: int, name: str, *, project: str = "") -> str:
    stdlib = sysconfig.get_paths()["stdlib"]
    for marker in ("site-packages/", f"{project}/", f"{ROOT}/", f"{stdlib}/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    if file == "~":
        return name
    return f"{file}:{line}({name})"


def profile_build(project: Path, out: Path, *, top: int = 25) -> Profile:
    """Run `mkdocs build` of `project` under cProfile and summarize the stats."""
    stats_file = out.with_suffix(".prof")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file)]
    result = run([*command, "-m", "mkdocs", "build", "-q", "-d", str(out)], project)
    if result.returncode != 0:
        raise RuntimeError(f"profiled build failed: {result.error}")
    return summarize(pstats.Stats(str(stats_file)), top=top, project=str(project.resolve()))


def summarize(stats: pstats.Stats, *, top: int, project: str = "") -> Profile:
    table = stats.stats  # type: ignore[attr-defined]
    rows = [
        Hotspot(short(*key, project=project), nc, tt, ct)
        for key, (_cc, nc, tt, ct, _callers) in table.items()
        if not key[2].startswith("<") or key[2] in ("<listcomp>", "<genexpr>", "<dictcomp>")
    ]
    total = max((r.cumulative for r in rows), default=0.0)
    phases = []
    for label, suffix, name in PHASES:
        seconds = sum(
            ct
            for (file, _, fn), (_, _, _, ct, _) in table.items()
            if fn == name and file.endswith(suffix)
        )
        if seconds:
            phases.append((label, seconds))
    by_cumulative = sorted(rows, key=lambda r: -r.cumulative)
    skip = ("<frozen", "click/", "mkdocs/__main__.py", "builtins.exec")
    cumulative = [r for r in by_cumulative if not r.where.startswith(skip)][:top]
    own = sorted(rows, key=lambda r: -r.own)[:top]
    return Profile(total, phases, cumulative, own)
