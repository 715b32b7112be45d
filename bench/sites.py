"""The project folders each engine builds: ours (the plugin) and the same pages hand-written."""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.measure import run
from example_pages.resources import THEME

ROOT = Path(__file__).resolve().parent.parent
CONTENT_KINDS = ("apis", "projects", "libraries")


class _Tagged:
    """A value under a YAML tag such as !!python/name: kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct)
_Dumper.add_representer(_Tagged, _represent)


def read_config(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def setting(config: dict[str, Any], key: str, default: str = "") -> str:
    """A top-level string setting, with MkDocs' `!ENV [NAME, ..., default]` resolved."""
    value = config.get(key, default)
    if isinstance(value, _Tagged) and value.tag == "!ENV":
        names = value.value if isinstance(value.value, list) else [value.value]
        found = [os.environ[n] for n in names[:-1] if n in os.environ]
        value = found[0] if found else names[-1] if len(names) > 1 else default
    return str(value or default)


def write_config(path: Path, config: dict[str, Any]) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True))


def hand_written(content: Path) -> list[Path]:
    """Files of the repository's content folder that are not generated corpus content."""
    return [
        p
        for p in sorted(content.rglob("*"))
        if p.is_file()
        and p.relative_to(content).parts[0] not in CONTENT_KINDS
        and p.suffix not in (".yml", ".yaml")
    ]


def ours(
    project: Path, generate: Callable[[Path], object], *, snippet_errors: str | None = None
) -> Path:
    """The repository's mkdocs.yml and hand-written pages around generated content.

    `generate(content_dir)` writes the corpus; returns the project folder.
    """
    project.mkdir(parents=True, exist_ok=True)
    config = read_config(ROOT / "mkdocs.yml")
    source = ROOT / config.get("docs_dir", "docs")
    content = project / "content"
    for path in hand_written(source):
        target = content / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    config["docs_dir"] = "content"
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("example-pages"), dict):
            entry["example-pages"].pop("content", None)
            if snippet_errors:
                entry["example-pages"]["snippet_errors"] = snippet_errors
    write_config(project / "mkdocs.yml", config)
    generate(content)
    return project


SPEEDUPS_OFF = "mkdocs-speedups-off.yml"
"""Beside our project's mkdocs.yml: the same configuration with `speedups: false`."""


def speedups_off(project: Path) -> str:
    """Write `SPEEDUPS_OFF` in `project`; return its name, for `mkdocs build -f`."""
    config = read_config(project / "mkdocs.yml")
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("example-pages"), dict):
            entry["example-pages"]["speedups"] = False
            break
    else:
        raise RuntimeError("mkdocs.yml has no example-pages plugin settings to turn speedups off")
    write_config(project / SPEEDUPS_OFF, config)
    return SPEEDUPS_OFF


def stock(project: Path, ours_project: Path, *, warn: bool = False) -> Path:
    """The same pages as plain Markdown in `docs/`, with one flat nav and stock Material.

    The pages come from `example-pages build --out`, the renderer the plugin uses.
    """
    docs = project / "docs"
    command = [sys.executable, "-m", "example_pages", "build", "--content", "content"]
    if warn:
        command += ["--snippet-errors", "warn"]
    result = run([*command, "--out", str(docs.resolve())], ours_project)
    if result.returncode != 0:
        raise RuntimeError(f"example-pages build failed: {result.error}")
    content = ours_project / "content"
    for path in hand_written(content):
        target = docs / path.relative_to(content)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    config = read_config(ours_project / "mkdocs.yml")
    for key in ("docs_dir", "site_dir", "nav", "plugins", "hooks", "extra_templates"):
        config.pop(key, None)
    theme = dict(config.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    # A sidebar listing every page, as hand-written sites like Full Stack Python's have.
    theme["features"] = [f for f in theme.get("features", []) if f != "navigation.prune"]
    config["theme"] = theme
    config["plugins"] = ["search"]
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    config["nav"] = sorted(pages, key=lambda p: (p != "index.md", p))
    write_config(project / "mkdocs.yml", config)
    return project


def zensical(stock_project: Path) -> Path:
    """The repository's zensical.toml, pointed at the stock project's pages; returns its path.

    The pages and their `.nav.yml` are `example-pages build --out`'s (see `stock`), the theme
    overrides are the package's. Written as YAML, which Zensical reads as well as TOML.
    """
    config = tomllib.loads((ROOT / "zensical.toml").read_text(encoding="utf-8"))["project"]
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config["theme"]["custom_dir"] = str(THEME)
    path = stock_project / "zensical.yml"
    write_config(path, config)
    return path
