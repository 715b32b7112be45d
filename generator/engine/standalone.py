"""What `example-pages build --out` writes for engines that run no plugin of ours (Zensical).

Besides the pages: the nav as `.nav.yml`, in mkdocs-awesome-nav's format, which Zensical reads
natively, and on request the packaged theme overrides, for a `custom_dir` outside a checkout.
"""

from __future__ import annotations

import yaml

from ..content.entries import Site
from ..render.structure import nav
from ..resources import THEME

NAV_FILE = ".nav.yml"
"""The nav file's name: a dot file, so MkDocs does not take it for a page."""


def nav_file(site: Site) -> str:
    """The generated nav (home, library -> module -> API, projects) as a `.nav.yml` file."""
    # safe_dump quotes any title that YAML would read as something else.
    items = yaml.safe_dump({"nav": nav(site)}, sort_keys=False, allow_unicode=True, width=1000)
    return "# Written by example-pages build; edit the content, not this file.\n" + items


def theme_files() -> dict[str, str]:
    """The packaged theme overrides, by path: templates and assets, no Python files."""
    return {
        path.relative_to(THEME).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(THEME.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".css", ".js", ".svg")
    }
