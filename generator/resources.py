"""Folders this package ships: default templates, theme overrides, editor schemas, starter site.

In a checkout they are the repository's own `templates/`, `overrides/` and `schemas/`
(pyproject.toml maps them into the package), so there is one copy of each.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    return Path(str(files(package)))


TEMPLATES = _folder("example_pages.templates")
"""The default Jinja templates of the pages."""
THEME = _folder("example_pages.theme")
"""Material overrides: system fonts, contrast fixes, the about panel, the search dialog."""
SCHEMAS = _folder("example_pages.schemas")
"""JSON Schemas of the content files, for editors."""
STARTER = _folder("example_pages") / "starter"
"""The site `example-pages init` writes."""
