"""mkdocs-material (and MkDocs' own search plugin): where their search plugins live.

The search plugins index every page in `on_page_context` and change nothing a page shows, so
a page can be rendered elsewhere or reused while they still see it. They are known by the
module their class is defined in, which neither project documents; an unknown module (a moved
plugin) is taken for any other plugin, and the speedups that need this step aside.
"""

from __future__ import annotations

SEARCH_PLUGINS = ("material.plugins.search.plugin", "mkdocs.contrib.search")
"""Modules of the search plugins of Material 9.x and MkDocs 1.5-1.6."""


def is_search(plugin: object) -> bool:
    """Whether `plugin` is one of the known search plugins."""
    return type(plugin).__module__.startswith(SEARCH_PLUGINS)
