"""Folders this package ships: default templates, theme overrides, editor schemas, starter site.

In a checkout they are the repository's own `templates/`, `overrides/`, `schemas/` and
`content/` (pyproject.toml maps them into the package), so there is one copy of each.
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
"""The site `example-pages init` writes, but for its content (STARTER_CONTENT)."""


def _starter_content() -> Path:
    packaged = STARTER / "content"
    if packaged.is_dir():
        return packaged
    # An editable install imports generator/ in place; the wheel's starter/content is built
    # from the repository's content/, which has no __init__.py to be found by import (it would
    # be published with the site), so it is found beside the package instead.
    return STARTER.parent.parent / "content"


STARTER_CONTENT = _starter_content()
"""The content of the site `init` writes: in a checkout, the repository's own `content/`."""
