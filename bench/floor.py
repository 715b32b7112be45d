"""The floor: Python-Markdown with Pygments over the same pages, and nothing else.

Run as `python -m bench.floor DOCS MKDOCS_YML`; the harness times the whole process.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import markdown

from bench.sites import read_config

MKDOCS_DEFAULTS = ["toc", "tables", "fenced_code"]


def extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    names, configs = list(MKDOCS_DEFAULTS), {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = options or {}
        else:
            names.append(entry)
    return list(dict.fromkeys(names)), configs


def convert(docs: Path, config: dict[str, Any]) -> int:
    names, configs = extensions(config)
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    total = 0
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[-1]
        total += len(md.reset().convert(text))
    return total


if __name__ == "__main__":
    print(convert(Path(sys.argv[1]), read_config(Path(sys.argv[2]))))
