"""The search index entries of each page, kept from earlier builds.

The search plugins parse every page's HTML to index it, a third of a warm build. Each page's
entries are a function of what the plugin reads of the page (its HTML, table of contents,
title, address and metadata) and the plugin's settings: they are kept in the store under a
key of those, and a build that finds the key appends the kept entries instead of indexing
the page again. The plugin takes the search plugins' `on_page_context` over (they index the
pages through it) only where no other plugin sees pages while they are rendered, so the
page each indexes is the one it would have indexed.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger

from ..cache import Store, key_of
from .compat.mkdocs_serve import after_indexing, search_entries
from .themecache import is_search

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from .compat.mkdocs import BuildInternals

log = get_plugin_logger(__name__)


class SearchCache:
    """Indexes pages for the search plugins it took over, reusing kept entries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.plugins: list[tuple[object, Callable[..., Any], list[dict[str, Any]], str]] = []
        self.counts = {"indexed": 0, "kept": 0}
        self._pid = 0

    def take_over(self, config: MkDocsConfig, internals: BuildInternals) -> None:
        """Index for every search plugin whose entries it can reach (call in `on_env`)."""
        self.plugins = []
        handlers = internals.handlers(config, "page_context")
        if self.store.folder is None or handlers is None:
            return
        for method in handlers:
            plugin = getattr(method, "__self__", None)
            entries = search_entries(plugin) if is_search(plugin) else None
            if entries is None:
                continue
            settings = key_of([type(plugin).__module__, dict(getattr(plugin, "config", {}))])
            self.plugins.append((plugin, method, entries, settings))
        taken = [plugin for plugin, *_ in self.plugins]
        internals.drop_handlers(config, "page_context", lambda owner: owner in taken)
        self._pid = os.getpid()

    def index(
        self,
        context: TemplateContext,
        page: Page,
        config: MkDocsConfig,
        nav: Navigation,
        *,
        lighten: Callable[[], None] | None = None,
    ) -> None:
        """Index `page` for each search plugin taken over, as its `on_page_context` would.

        `lighten()` changes the page's content into what the search plugins are to index
        (a pure function of the content): it runs before any plugin reads the page, and only
        where one has to (the key is made of the content as it was), or where no plugin was
        taken over (the search plugins then index the page themselves).
        """
        if self._pid and os.getpid() != self._pid:
            return  # a forked renderer, where no search plugin runs: the build indexes it
        if not self.plugins:
            if lighten is not None:
                lighten()
            return
        view = _page_view(page)
        if lighten is not None:
            view.append("lightened")
        for plugin, method, entries, settings in self.plugins:
            key = key_of(["search entries", settings, *view])
            kept = self.store.get(key)
            if kept is not None:
                entries.extend(json.loads(kept))
                after_indexing(plugin, page)
                self.counts["kept"] += 1
                continue
            if lighten is not None:
                lighten()
                lighten = None
            start = len(entries)
            method(context, page=page, config=config, nav=nav)
            self.store.put(key, json.dumps(entries[start:], default=str))
            self.counts["indexed"] += 1

    def report(self) -> None:
        if self.plugins:
            log.debug(
                "search: %d pages indexed, %d from the cache",
                self.counts["indexed"],
                self.counts["kept"],
            )


def _page_view(page: Page) -> list[Any]:
    # The template is the theme cache's or the split's choice, which no index shows.
    meta = {k: v for k, v in page.meta.items() if k != "template"}
    toc = json.dumps(list(_anchors(page.toc)), default=str)
    return [page.content, toc, page.title, page.url, meta, page.file.src_uri]


def _anchors(toc: Any) -> Any:
    for anchor in toc:
        yield [anchor.id, anchor.title, anchor.level, list(_anchors(anchor.children))]
