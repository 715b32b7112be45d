"""One build's speed-ups: pages converted in worker processes, and earlier builds' work reused.

The plugin makes one `Speedup` per build and calls it from its events; the work itself lives
in `pool` (the workers), `pagecache` (converted pages) and `codeblocks` (highlighted code).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils.meta import get_data

from ..cache import Store
from ..workers import Workers
from .capture import engine_logger
from .codeblocks import Blocks, CodeBlocksExtension
from .compat import Speedups
from .compat.mkdocs import BuildInternals, PageRender
from .pagecache import PageCache, page_key, settings_digest
from .pool import Ahead, batches, highlight, start_highlighter
from .sanitize import clean_page
from .themecache import ThemeCache

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from .compat.mkdocs import Render

log = get_plugin_logger(__name__)
# Below this many pages to convert, starting workers costs more than it saves.
POOL_MIN_PAGES = 24


class Speedup:
    """Worker processes and the persistent cache, for the pages the plugin generates."""

    def __init__(
        self,
        folder: Path | None,
        *,
        workers: Workers | None = None,
        speedups: Speedups | None = None,
    ) -> None:
        store = Store(folder)
        self.speedups = speedups = speedups or Speedups()
        self.blocks = Blocks(store, speedups)
        self.renderer = speedups.get(PageRender)
        self.internals = speedups.get(BuildInternals)
        self.page_cache = PageCache(store, self.renderer)
        self.theme = ThemeCache(store)
        self.workers = workers or Workers()
        self.pool: Ahead[Any] | None = None
        self.whole_pages = False

    def extension(self) -> CodeBlocksExtension:
        """The Markdown extension that looks each code block up before highlighting it."""
        return CodeBlocksExtension(self.blocks)

    def start(self, pages: dict[str, str], files: Files, config: MkDocsConfig) -> None:
        """Start workers on the pages to convert, in the order MkDocs will reach them.

        Call it once the pages exist (`on_nav`): forked workers convert MkDocs' own pages.
        """
        # Pages the cache holds are not converted, so their code is not highlighted.
        settings_key = settings_digest(config)
        files_key = self.page_cache.files_key(files)
        todo = []
        for file in files.documentation_pages():
            if file.src_uri not in pages or not file.is_modified():
                continue
            key = page_key(file, get_data(pages[file.src_uri])[0], files_key, settings_key)
            if not self.page_cache.store.has(key):
                todo.append(file.src_uri)
        workers = self.workers.size(enough=len(todo) >= POOL_MIN_PAGES)
        if workers <= 0 or not todo:
            return
        context = self.workers.context(spawn_ok=True)
        if context is None:
            return
        # A Markdown extension given as an object may keep what it sees (a plugin's, say):
        # only pages whose extensions are all named are converted elsewhere.
        named = all(isinstance(e, (str, CodeBlocksExtension)) for e in config.markdown_extensions)
        fork = context.get_start_method() == "fork"
        self.whole_pages = fork and named and self.renderer.usable()
        if not self.whole_pages and not self.blocks.highlighter.usable():
            return  # workers would have nothing to hand over
        if self.whole_pages:
            converter = _Converter(self, config, files, files_key, settings_key)
            pool = self.workers.pool(context, converter, workers=workers, start=_start_converter)
            self.pool = Ahead(pool, _convert, batches(todo, list))
        else:
            extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
            state = (extensions, dict(config.mdx_configs), self.blocks.store, self.speedups.enabled)
            pool = self.workers.pool(context, state, workers=workers, start=start_highlighter)
            payloads = batches(todo, lambda batch: [pages[uri] for uri in batch])
            self.pool = Ahead(pool, highlight, payloads)

    def reached(self, page: Page, *, generated: bool) -> None:
        """MkDocs is about to convert `page`: take its workers' batch, reuse its last render."""
        if self.pool is not None:
            self._hand_over(self.pool.reached(page.file.src_uri))
        if generated:
            self.renderer.wrap(page, self._render)

    def _hand_over(self, result: Any) -> None:
        if result is None:
            return
        if self.whole_pages:
            converted, cleaned, counts = result
            self.page_cache.ready.update(converted)
            self.page_cache.ready_cleaned.update(cleaned)
        else:
            found, counts = result
            self.blocks.ready.update(found)
        self.blocks.counts["stored"] += counts["stored"]
        self.blocks.counts["made"] += counts["made"]
        self.blocks.counts["made by workers"] += counts["made"]

    def _render(self, page: Page, original: Render, config: MkDocsConfig, files: Files) -> None:
        assert page.markdown is not None
        files_key = self.page_cache.files_key(files)
        key = page_key(page.file, page.markdown, files_key, settings_digest(config))
        self.page_cache.render(page, original, key, config, files)

    def cleaned(self, html: str, clean: Callable[[str], str], *, generated: bool) -> str:
        """`clean(html)`, handed over by a worker or from the cache for a generated page."""
        if generated:
            return self.page_cache.cleaned(html, clean)
        return clean(html)

    def stop(self) -> None:
        """Every page is converted (or the build failed): the workers have nothing left to do."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        self.blocks.ready.clear()
        self.page_cache.ready.clear()
        self.page_cache.ready_cleaned.clear()

    def report(self) -> None:
        counts = self.blocks.counts
        log.debug(
            "code blocks: %d highlighted (%d of them by workers), %d from the cache",
            counts["made"],
            counts["made by workers"],
            counts["stored"],
        )
        pages = self.page_cache.counts
        log.debug(
            "pages: %d converted, %d from the cache, %d by workers",
            pages["converted"],
            pages["stored"],
            pages["by workers"],
        )


class _Converter:
    """What a forked worker needs to convert generated pages as the build would."""

    def __init__(
        self,
        speedup: Speedup,
        config: MkDocsConfig,
        files: Files,
        files_key: str,
        settings_key: str,
    ) -> None:
        self.page_cache = speedup.page_cache
        self.blocks = speedup.blocks
        self.config, self.files = config, files
        self.files_key, self.settings_key = files_key, settings_key


def _start_converter(converter: _Converter) -> _Converter:
    # What a conversion logs is replayed by the build when it takes the page: the worker
    # itself prints nothing.
    logger = engine_logger()
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return converter


def _convert(
    c: _Converter, uris: list[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """Convert and clean the generated pages `uris`: page entries and cleaned HTML, by key."""
    c.blocks.counts = dict.fromkeys(c.blocks.counts, 0)
    converted: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for uri in uris:
        file = c.files.get_file_from_path(uri)
        assert file is not None and file.page is not None
        page = file.page
        # What Page.read_source sets; the build's own plugins' events do not run here, and
        # a page they change has another key, which the build then converts itself.
        page.markdown = get_data(file.content_string)[0]
        key = page_key(file, page.markdown, c.files_key, c.settings_key)
        converted[key] = c.page_cache.convert(page, page.render, key, c.config, c.files)
        assert page.content is not None
        cleaned_key, text = c.page_cache.clean(page.content, clean_page)
        cleaned[cleaned_key] = text
    return converted, cleaned, c.blocks.counts
