"""What `mkdocs serve` rebuilds need of MkDocs' and the search plugins' undocumented parts.

Checked against MkDocs 1.6.1, ProperDocs 1.6.7 (whose modules stand in for MkDocs'),
mkdocs-material 9.8's search plugin and MkDocs' own. `ServeRebuilds` is the adapter: it checks
the engine's version and its serve loop before the first use, and where it is off, every
rebuild is MkDocs' own full one. The helpers below it are used only where it (for serve
rebuilds) or `BuildInternals` (for the search cache) said yes, and answer None where what they
lean on is missing; the caller then does the slow, documented thing.

- `serve_dirty`: `mkdocs serve` (no `--dirty`) cleans site_dir, copies every static file and
  renders every page on every rebuild. Its build loop calls the `build` name of
  `mkdocs.commands.serve` each time; while a site is served, that name is wrapped so the build
  is a dirty one wherever `wanted(config)` says the plugin accounts for every file itself.
  During those builds, the `urljoin` name of `mkdocs.structure.pages` answers from what it
  answered in earlier rebuilds (`_joins_kept`).
- `POPULATED`, `carry_over`: what MkDocs' reading of a page (`_populate_page`) sets on it, so a
  page that did not change takes it from the last build instead of being read again.
- `search_entries`, `after_indexing`: the list a search plugin's index fills page by page,
  and what its indexing does to the page besides.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.commands import build as build_module
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from .mkdocs import EngineAdapter

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

log = get_plugin_logger(__name__)

POPULATED = (
    "markdown",
    "meta",
    "content",
    "toc",
    "_title_from_render",
    "present_anchor_ids",
    "links_to_anchors",
)
"""Page attributes MkDocs sets while reading and converting a page."""


class ServeRebuilds(EngineAdapter):
    """`mkdocs serve` rebuilds that redo only what changed (a dirty build the plugin plans)."""

    speedup = "rebuilding only what an edit changed under mkdocs serve"

    def self_check(self) -> str | None:
        serve_module = _serve_module()
        if getattr(serve_module, "build", None) is not build_module.build:
            return "the serve loop does not call mkdocs.commands.build.build by that name"
        return None

    def serve_dirty(self, wanted: Callable[[MkDocsConfig], bool]) -> Callable[[], None] | None:
        """Make `mkdocs serve`'s rebuilds dirty builds where `wanted(config)`; returns the
        undo, or None (nothing changed) where the adapter is off."""
        if not self.usable():
            return None
        original = build_module.build
        serve_module = _serve_module()

        joins: dict[tuple[str, str, bool], str] = {}

        def build(
            config: MkDocsConfig, *, serve_url: str | None = None, dirty: bool = False
        ) -> None:
            with _joins_kept(joins):
                original(config, serve_url=serve_url, dirty=dirty or wanted(config))

        serve_module.build = build

        def undo() -> None:
            if serve_module.build is build:
                serve_module.build = original

        return undo


JOINS_KEPT = 100_000
"""Addresses `_joins_kept` holds at most: two a page, kept while the pages are renamed."""


@contextmanager
def _joins_kept(joins: dict[tuple[str, str, bool], str]) -> Iterator[None]:
    """While a served site rebuilds, the pages module's `urljoin` answers from `joins` what
    it answered before: each of the thousands of pages MkDocs makes anew on every rebuild
    joins its canonical and edit addresses, the same as the last time. Where the module
    calls another `urljoin` than `urllib.parse`'s, nothing changes."""
    module: Any = sys.modules[Page.__module__]
    if getattr(module, "urljoin", None) is not urljoin:
        yield
        return

    def kept_urljoin(base: str, url: str, allow_fragments: bool = True) -> str:
        key = (base, url, allow_fragments)
        found = joins.get(key)
        if found is None:
            found = joins[key] = urljoin(base, url, allow_fragments)
        return found

    module.urljoin = kept_urljoin
    try:
        yield
    finally:
        if module.urljoin is kept_urljoin:
            module.urljoin = urljoin
        if len(joins) > JOINS_KEPT:
            joins.clear()


def snapshot(page: Page) -> dict[str, Any]:
    """What reading `page` set on it, to hand to the same page in the next build."""
    return {name: getattr(page, name, None) for name in POPULATED}


def carry_over(page: Page, kept: dict[str, Any], files: dict[str, File]) -> None:
    """Give `page` what reading it set in the last build, its links pointing at this build's
    `files` (by `src_uri`)."""
    for name, value in kept.items():
        if name == "links_to_anchors" and value:
            value = {
                target: links
                for old, links in value.items()
                if (target := files.get(old.src_uri)) is not None
            }
        setattr(page, name, value)


def search_entries(plugin: object) -> list[dict[str, Any]] | None:
    """The entries of the search index `plugin` fills page by page (Material's search plugin
    or MkDocs' own), or None where it keeps them some other way."""
    index = getattr(plugin, "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            return entries
    return None


_SEARCH_MARKS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def after_indexing(plugin: object, page: Page) -> None:
    """What a search plugin's `on_page_context` does to the page besides indexing it
    (Material's removes its `data-search-*` attributes from the HTML)."""
    content = page.content
    if type(plugin).__module__.startswith("material.") and content and "data-search-" in content:
        page.content = _SEARCH_MARKS.sub("", content)


def _serve_module() -> Any:
    # Imported when serving only: with its live-reload server and file watching, it is a
    # tenth of what a build imports.
    from mkdocs.commands import serve

    return serve
