"""mkdocs-material (and MkDocs' own search plugin): where their search plugins live, and how
Material's writes its index.

The search plugins index every page in `on_page_context` and change nothing a page shows, so
a page can be rendered elsewhere or reused while they still see it. They are known by the
module their class is defined in, which neither project documents; an unknown module (a moved
plugin) is taken for any other plugin, and the speedups that need this step aside.
"""

from __future__ import annotations

import json
from typing import Any

from . import Adapter

SEARCH_PLUGINS = ("material.plugins.search.plugin", "mkdocs.contrib.search")
"""Modules of the search plugins of Material 9.x and MkDocs 1.5-1.6."""


def is_search(plugin: object) -> bool:
    """Whether `plugin` is one of the known search plugins."""
    return type(plugin).__module__.startswith(SEARCH_PLUGINS)


class SearchJson(Adapter):
    """Material's search index written from each page's JSON, kept across `mkdocs serve`
    rebuilds.

    What it leans on: the plugin's `search_index` has `generate_search_index(prev)`, which the
    plugin's `on_post_build` calls and writes, and which without a previous index returns the
    JSON of `{"config": ..., "docs": entries}` with `(",", ":")` separators and `default=str`.
    The self-check compares the text made here with the method's own on a few entries.
    """

    speedup = "writing the search index from each page's kept entries under mkdocs serve"
    library = "mkdocs-material"
    verified = ("9.5", "9.9")  # checked with 9.8.2

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        # Each page's entries list (held) and its JSON, by the list's id.
        self._kept: dict[int, tuple[list[dict[str, Any]], str]] = {}

    def self_check(self) -> str | None:
        from material.plugins.search.plugin import (  # type: ignore[import-untyped]
            SearchIndex,
        )

        config: dict[str, Any] = {
            "lang": ["en"],
            "separator": r"[\s\-]+",
            "pipeline": ["stemmer"],
            "fields": {},
        }
        pages: list[list[dict[str, Any]]] = [
            [{"location": "a/", "title": "A", "text": "<p>x</p>"}],
            [],
            [{"location": "b/", "title": "B \u00e9", "text": ""}, {"location": "b/#c", "n": 1}],
        ]
        index = SearchIndex(**config, extra="ignored")
        index.entries = [entry for page in pages for entry in page]
        if not hasattr(index, "generate_search_index"):
            return "the search index has no generate_search_index"
        if index.generate_search_index(None) != _joined(config, pages, {}):
            return "the search index's JSON is made another way"
        return None

    def write_from(self, plugin: object, pages: list[list[dict[str, Any]]]) -> None:
        """Make `plugin`'s index, whose entries are `pages` joined in order, write its JSON
        from each page's (kept while the page's list is the same object). Nothing where the
        adapter is off or the plugin is not Material's."""
        index: Any = getattr(plugin, "search_index", None)
        if not self.usable() or not type(plugin).__module__.startswith("material."):
            return
        if not hasattr(index, "config") or not hasattr(index, "generate_search_index"):
            return
        own = index.generate_search_index

        def generate_search_index(prev: object) -> str:
            if prev is not None:
                return str(own(prev))
            config = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            kept: dict[int, tuple[list[dict[str, Any]], str]] = {}
            text = _joined(config, pages, self._kept, kept)
            self._kept = kept  # only the pages of this index, for the next rebuild's
            return text

        index.generate_search_index = generate_search_index


def _joined(
    config: dict[str, Any],
    pages: list[list[dict[str, Any]]],
    last: dict[int, tuple[list[dict[str, Any]], str]],
    kept: dict[int, tuple[list[dict[str, Any]], str]] | None = None,
) -> str:
    """`json.dumps({"config": config, "docs": <pages joined>}, separators=(",", ":"),
    default=str)`, each page's part taken from `last` where it holds the same list."""
    parts = []
    for page in pages:
        if not page:
            continue
        found = last.get(id(page))
        if found is None or found[0] is not page:
            found = (page, ",".join(_dumps(entry) for entry in page))
        if kept is not None:
            kept[id(page)] = found
        parts.append(found[1])
    return f'{{"config":{_dumps(config)},"docs":[{",".join(parts)}]}}'


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
