"""The benchmarks page (docs/pages/explanation/benchmarks.md): the machine, the results table,
the targets and the profile."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from bench import live
from bench.measure import Series
from bench.run import Results, SizeResult
from bench.sites import ROOT

KB = 1000  # HTML sizes are in kilobytes of 1,000 bytes
SHAPE_NAMES = {"fsp": "Full Stack Python shape", "long": "long snippets"}
PACKAGES = ("mkdocs", "mkdocs-material", "zensical", "Markdown", "pymdown-extensions", "Pygments")


def machine(load: tuple[float, ...] = ()) -> list[tuple[str, str]]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    rows = [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", memory),
        ("System", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Load average before the run (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in load)),
    ]
    for name in PACKAGES:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    rows.append(("Commit", _commit()))
    return rows


def _commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{head} (with uncommitted changes)" if git("status", "--porcelain") else head


def seconds(series: Series | None) -> str:
    if series is None:
        return "not run"
    if not series.ok:
        return f"failed: {series.error}"
    runs = ", ".join(f"{r.seconds:.2f}" for r in series.runs)
    return f"{series.median:.2f} ({runs})"


def ratio(ours: Series, other: Series | None) -> str:
    if other is None or not other.ok or not ours.ok:
        return ""
    return f"{ours.median / other.median:.2f}"


def only_the_changed_page(logged: str) -> bool:
    """Whether the build log of a one-example change shows one block highlighted, one page
    converted and one page rendered by the theme, and everything else reused."""
    found = {
        name: re.search(pattern, logged)
        for name, pattern in (
            ("blocks", r"code blocks: (\d+) highlighted"),
            ("pages", r"pages: (\d+) converted"),
            ("theme", r"theme: (\d+) pages rendered"),
        )
    }
    return all(match is not None and int(match.group(1)) <= 1 for match in found.values())


def results_table(size: SizeResult) -> list[str]:
    own = size.label == "fsp"
    rows = [
        "| engine | median wall s (runs) | peak RSS MB | HTML per API page KB | ours / this |",
        "|---|---|---|---|---|",
    ]
    engines = [
        ("ours: `mkdocs build` with the plugin, cold (no cache)", size.ours, "ours"),
        ("ours, rebuilt with nothing changed (cache warm)", size.warm, "warm"),
        ("ours, rebuilt with one example changed (cache warm)", size.changed, "changed"),
        ("ours, speedups off, cold", size.off, "off"),
        (
            "stock mkdocs-material, Full Stack Python's own Markdown"
            if own
            else "stock mkdocs-material, hand-written Markdown",
            size.stock,
            "stock",
        ),
        (
            "Zensical, Full Stack Python's own Markdown"
            if own
            else "Zensical, the same pages with zensical.toml",
            size.zensical,
            "zensical",
        ),
        ("floor: Python-Markdown + Pygments only", size.floor, ""),
        ("`example-pages check`, cache warm", size.check, ""),
        ("`example-pages check --no-cache`", size.check_cold, ""),
    ]
    for label, series, key in engines:
        if series is None:
            continue
        html = f"{size.html[key] / KB:.1f}" if key in size.html else ""
        rss = f"{series.peak_rss_mb:.0f}" if series.ok else ""
        share = ratio(size.ours, series) if key in ("stock", "zensical") else ""
        rows.append(f"| {label} | {seconds(series)} | {rss} | {html} | {share} |")
    return rows


def _against(
    row: Callable[[str, str, str | None, bool | None], None],
    measure: str,
    ours: Series | None,
    other: Series | None,
    name: str,
    limit: float,
) -> None:
    target = f"≤ {limit:.2f} × {name}"
    if ours is None or other is None or not ours.ok or not other.ok:
        row(measure, target, None, None)
        return
    r = ours.median / other.median
    row(
        measure,
        target,
        f"{r:.2f} × {name} ({ours.median:.2f} s vs {other.median:.2f} s)",
        r <= limit,
    )


def live_lines(size: SizeResult) -> list[str]:
    """The edit-to-reload measure of `size` under each engine's plain `serve`."""
    lines = []
    for engine, runs in size.live.items():
        shown = ", ".join(f"{s:.2f}" for s in runs)
        lines += [
            "",
            f"Live edit (plain `{engine} serve`, as `init` and the READMEs recommend; a comment "
            f"line changed in `content/apis/{size.live_page}.yml`, until the server returns "
            f"the page with the change): median {statistics.median(runs):.2f} s ({shown}).",
        ]
    if size.live_error:
        lines += ["", f"Live edit failed: {size.live_error}"]
    return lines


def targets(results: Results) -> list[str]:
    by_n = {s.n: s for s in results.sizes}
    rows = ["| measure | target | measured | met |", "|---|---|---|---|"]

    def row(measure: str, target: str, measured: str | None, met: bool | None) -> None:
        verdict = "not measured" if measured is None else ("yes" if met else "**no**")
        rows.append(f"| {measure} | {target} | {measured or ''} | {verdict} |")

    s520, s1000, s5000 = by_n.get(520), by_n.get(1000), by_n.get(5000)
    for size in [s for s in (s520, *results.shaped) if s is not None]:
        where = f"N={size.n}, {SHAPE_NAMES.get(size.shape, size.shape)}"
        _against(row, f"cold build, {where}", size.ours, size.stock, "stock", 0.4)
        _against(row, f"cold build, {where}", size.ours, size.zensical, "Zensical", 0.7)
        _against(row, f"rebuild, nothing changed, {where}", size.warm, size.stock, "stock", 0.25)
        if size.changed is not None and size.changed.ok:
            row(
                f"rebuild, one example changed, {where}",
                "only what depends on it is redone",
                size.changed_blocks,
                only_the_changed_page(size.changed_blocks),
            )
    if s520 and s5000 and s520.ours.ok and s5000.ours.ok:
        g = s5000.ours.median / s520.ours.median
        row("growth", "t(5,000) / t(520) ≤ 10", f"{g:.1f}", g <= 10)
    else:
        row("growth", "t(5,000) / t(520) ≤ 10", None, None)
    if s5000 and s5000.ours.ok:
        rss = s5000.ours.peak_rss_mb
        row("peak RSS, N=5,000", "≤ 1,000 MB", f"{rss:.0f} MB", rss <= 1000)
    else:
        row("peak RSS, N=5,000", "≤ 1,000 MB", None, None)
    if s1000 and "ours" in s1000.html:
        kb = s1000.html["ours"] / KB
        row("HTML per API page, N=1,000", "≤ 60 KB", f"{kb:.1f} KB", kb <= 60)
    else:
        row("HTML per API page, N=1,000", "≤ 60 KB", None, None)
    if s520 and s520.check.ok:
        c = s520.check.median
        cold = f"; {s520.check_cold.median:.2f} s without it" if s520.check_cold else ""
        row("`check`, N=520", "≤ 1.0 s", f"{c:.2f} s with the cache{cold}", c <= 1.0)
    else:
        row("`check`, N=520", "≤ 1.0 s", None, None)
    real = results.real
    where = "Full Stack Python's real pages"
    if real is not None:
        _against(row, f"cold build, {where}", real.ours, real.stock, "stock", 0.30)
        _against(row, f"cold build, {where}", real.ours, real.zensical, "Zensical", 0.55)
        _against(row, f"rebuild, nothing changed, {where}", real.warm, real.stock, "stock", 0.15)
    else:
        for measure, target in (
            ("cold build", "≤ 0.30 × stock"),
            ("cold build", "≤ 0.55 × Zensical"),
            ("rebuild, nothing changed", "≤ 0.15 × stock"),
        ):
            row(f"{measure}, {where}", target, None, None)
    largest = max((s for s in results.sizes if s.live), key=lambda s: s.n, default=None)
    for label, size, limit in (
        ("the imported Full Stack Python site", real, 1.0),
        ("N=5,000", largest, 1.5),
    ):
        for engine in live.ENGINES:
            measure = f"edit to reload, plain `{engine} serve`, {label}"
            runs = size.live.get(engine) if size is not None else None
            if size is None or not runs:
                row(measure, f"≤ {limit:.1f} s median", None, None)
                continue
            m = statistics.median(runs)
            at = "" if size is real or size.n == 5000 else f" (at N={size.n})"
            met = m <= limit and (size is real or size.n >= 5000)
            row(measure, f"≤ {limit:.1f} s median", f"{m:.2f} s{at}", met)
    checked = [s for s in results.sizes if s.differing is not None]
    if checked:
        same = all(not s.differing for s in checked)
        sizes = ", ".join(str(s.n) for s in checked)
        row(
            "output",
            "byte-identical builds",
            f"{'identical' if same else 'differ'} (N={sizes})",
            same,
        )
    else:
        row("output", "byte-identical builds", None, None)
    cached = [s for s in [*results.sizes, *results.shaped] if s.cache_differing is not None]
    if cached:
        same = all(not s.cache_differing for s in cached)
        sizes = ", ".join(s.label for s in cached)
        verdict = "identical" if same else "differ"
        row("output", "cold and cached builds byte-identical", f"{verdict} ({sizes})", same)
    else:
        row("output", "cold and cached builds byte-identical", None, None)
    off = [s for s in [*results.sizes, *results.shaped] if s.off_differing is not None]
    if off:
        same = all(not s.off_differing for s in off)
        sizes = ", ".join(s.label for s in off)
        verdict = "identical" if same else "differ"
        row(
            "output",
            "builds with and without speedups byte-identical",
            f"{verdict} ({sizes})",
            same,
        )
    else:
        row("output", "builds with and without speedups byte-identical", None, None)
    return rows


def determinism(results: Results) -> list[str]:
    lines = []
    for size in [*results.sizes, *results.shaped]:
        if size.cache_differing == []:
            lines.append(
                f"- {size.label}: the cold build and the rebuild from its cache are "
                "byte-identical, every file."
            )
        elif size.cache_differing:
            shown = ", ".join(f"`{p}`" for p in size.cache_differing[:10])
            lines.append(f"- {size.label}: cold and cached builds differ: {shown}.")
    for size in [*results.sizes, *results.shaped]:
        if size.off_differing == []:
            lines.append(
                f"- {size.label}: the builds with and without speedups are byte-identical, "
                "every file."
            )
        elif size.off_differing:
            shown = ", ".join(f"`{p}`" for p in size.off_differing[:10])
            lines.append(f"- {size.label}: the build without speedups differs: {shown}.")
    for size in results.sizes:
        if size.differing is None:
            lines.append(f"- N={size.n}: not compared (the build failed).")
        elif not size.differing:
            lines.append(f"- N={size.n}: two builds are byte-identical, every file.")
        else:
            shown = ", ".join(f"`{p}`" for p in size.differing[:10])
            more = f" and {len(size.differing) - 10} more" if len(size.differing) > 10 else ""
            lines.append(f"- N={size.n}: {len(size.differing)} files differ: {shown}{more}.")
    return lines


def profile_section(results: Results) -> list[str]:
    profile = results.profile
    if profile is None:
        return [f"Not profiled. {results.profile_error}".strip()]
    lines = [
        f"`mkdocs build` of the N={results.profile_size} corpus under cProfile "
        f"({profile.total:.1f} s with the profiler's overhead; compare the shares, not the "
        "seconds). Phases, by cumulative time of the call that does each:",
        "",
        "| phase | cumulative s | share |",
        "|---|---|---|",
    ]
    for label, spent in profile.phases:
        lines.append(f"| {label} | {spent:.2f} | {spent / profile.total:.0%} |")
    lines += [
        "",
        "Top functions by cumulative time:",
        "",
        "| function | calls | own s | cumulative s |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{h.where}` | {h.calls} | {h.own:.2f} | {h.cumulative:.2f} |"
        for h in profile.cumulative
    ]
    lines += [
        "",
        "Top functions by own time:",
        "",
        "| function | calls | own s | cumulative s |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{h.where}` | {h.calls} | {h.own:.2f} | {h.cumulative:.2f} |" for h in profile.own
    ]
    return lines


def render(results: Results, command: str) -> str:
    options = results.options
    out = [
        "# Benchmarks",
        "",
        "Build time of a synthetic corpus shaped like Full Stack Python's example pages "
        "(examples per page mostly 1-3, a few up to 30, mean about 2.5; about 120 projects "
        "per 520 pages; about 40 modules per library; 10-60 line snippets with elision lines; "
        "a second shape has 20-75 line snippets), every snippet with line numbers and its "
        "API's lines highlighted, "
        "built with our plugin and, from the same Markdown text written out as plain pages "
        "with one flat navigation listing every page, with stock mkdocs-material and Zensical. "
        "Every time is a whole process, wall clock; the median of the runs is shown, the runs "
        "in parentheses. Peak RSS is the largest maximum resident memory of any one process "
        "of the run: the build, or a worker it forked (workers share most of the build's "
        "memory, copy on write).",
        "",
        "Reproduce (from a fresh clone, after `scripts/setup`):",
        "",
        "```sh",
        command,
        "```",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine(results.load_before)),
        "",
        "## Targets",
        "",
        *targets(results),
        "",
        "## Results",
    ]
    missing = [str(n) for n in options.sizes[len(results.sizes) :]]
    if missing:
        shown = ", ".join(missing)
        out += ["", f"Partial: N={shown} not measured yet (the run is in progress or stopped)."]
    for size in [*results.sizes, *results.shaped]:
        shape = "" if size.shape == "fsp" else f", {SHAPE_NAMES.get(size.shape, size.shape)}"
        out += [
            "",
            f"### N={size.n}{shape}: {size.n} API pages, {size.examples} examples, "
            f"{size.projects} projects, {size.libraries} "
            f"{'library' if size.libraries == 1 else 'libraries'}",
            "",
            *results_table(size),
        ]
        if size.changed_blocks:
            out += [
                "",
                "One example changed (a comment line of its snippet), as the build logged it: "
                f"{size.changed_blocks}.",
            ]
        if size.stock is None:
            out += [
                "",
                f"Stock mkdocs-material and Zensical are not run above N={options.stock_max} "
                "(`--stock-max`): stock takes many minutes there.",
            ]
        out += live_lines(size)
    if results.real is not None:
        real = results.real
        out += [
            "",
            "### Full Stack Python's pages, imported",
            "",
            f"The 528 real pages of `../shared/fsp/` imported with `example-pages import fsp`: "
            f"{real.n} API pages, {real.examples} examples, {real.projects} projects, "
            f"{real.libraries} libraries, built with `snippet_errors: warn` (the check's "
            "findings are listed, see the migration guide) and, as hand-written Markdown, by stock "
            "mkdocs-material and Zensical.",
            "",
            *results_table(real),
            *live_lines(real),
        ]
    out += [
        "",
        "## Determinism",
        "",
        *determinism(results),
        "",
        "## Profile",
        "",
        *profile_section(results),
        "",
        "## Notes",
        "",
        "- The hand-written site is the text `example-pages build --out` writes (the renderer "
        "the plugin uses) plus the hand-written pages of the content folder, with the repository's "
        "theme settings minus `custom_dir` and `navigation.prune`: a sidebar listing every page, "
        "as Full Stack Python's did. Zensical builds that same folder with the repository's "
        "`zensical.toml` settings (theme overrides, the generated `.nav.yml`, the same Markdown "
        "extensions; `zensical build --clean`, its cache removed before each run).",
        "- The floor row converts the same pages with Python-Markdown and the same "
        "`markdown_extensions` (Pygments included) and writes nothing: the cost no engine "
        "built on Python-Markdown can go below.",
        "- HTML per API page is the mean size of `site/api/**/index.html`, in KB of 1,000 bytes.",
        "- Cold: `.cache/example-pages/` is deleted before each of our builds (its workers run, "
        "one per spare core). Nothing changed: the same build again, reusing the "
        "cache the cold build filled. One example changed: a comment line of one snippet edited, "
        "then built with `-v` to log where the pages and code blocks came from. `check`, cache "
        "warm: after those builds, which fill the cache it reads. Speedups off: the cold build "
        "with the plugin's `speedups: false` (no adapter of another library's internals: no "
        "worker converts or renders pages, nothing is reused from the cache but checks).",
        f"- Corpus seed {options.seed}; the same seed and size give the same files.",
        "",
    ]
    return "\n".join(out)
