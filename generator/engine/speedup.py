"""One build's speed-ups: code highlighted in worker processes, and earlier builds' work reused.

The plugin makes one `Speedup` per build and calls it from its events; the work itself lives
in `codeblocks` (the highlighter hook), `pool` (the workers) and `pagecache` (converted pages).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils.meta import get_data

from ..cache import Store
from .codeblocks import Blocks, CodeBlocksExtension
from .pagecache import PageCache, page_key, settings_digest
from .pool import Pool, default_workers

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from .pagecache import Render

log = get_plugin_logger(__name__)
# Below this many pages to render, starting workers costs more than it saves.
POOL_MIN_PAGES = 24


class Speedup:
    """Worker processes and the persistent cache, for the pages the plugin generates."""

    def __init__(self, folder: Path | None, *, workers: int | None) -> None:
        store = Store(folder)
        self.blocks = Blocks(store)
        self.page_cache = PageCache(store) if folder is not None else None
        self.workers = workers
        self.pool: Pool | None = None

    def extension(self) -> CodeBlocksExtension:
        """The Markdown extension that looks each code block up before highlighting it."""
        return CodeBlocksExtension(self.blocks)

    def start(self, pages: dict[str, str], files: Files, config: MkDocsConfig) -> None:
        """Start workers on the pages to convert, in the order MkDocs will reach them."""
        order = [f.src_uri for f in files.documentation_pages() if f.src_uri in pages]
        todo = {
            uri: pages[uri]
            for uri in order
            if (file := files.get_file_from_path(uri)) is not None and file.is_modified()
        }
        if self.page_cache is not None:
            # Pages the cache holds are not converted, so their code is not highlighted.
            settings_key = settings_digest(config)
            files_key = self.page_cache.files_key(files)
            for uri in list(todo):
                file = files.get_file_from_path(uri)
                assert file is not None
                # MkDocs converts the text after its front matter.
                key = page_key(file, get_data(todo[uri])[0], files_key, settings_key)
                if self.page_cache.store.has(key):
                    del todo[uri]
        workers = self.workers
        if workers is None:
            workers = default_workers() if len(todo) >= POOL_MIN_PAGES else 0
        if workers <= 0 or not todo:
            return
        extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
        self.pool = Pool(
            self.blocks,
            todo,
            order,
            extensions=extensions,
            configs=dict(config.mdx_configs),
            workers=workers,
        )

    def reached(self, page: Page, *, generated: bool) -> None:
        """MkDocs is about to convert `page`: settle its workers' batch, reuse its last render."""
        if self.pool is not None:
            self.pool.reached(page.file.src_uri)
        if self.page_cache is not None and generated:
            page.render = partial(self._render, page, page.render)  # type: ignore[method-assign]

    def _render(self, page: Page, original: Render, config: MkDocsConfig, files: Files) -> None:
        assert self.page_cache is not None and page.markdown is not None
        files_key = self.page_cache.files_key(files)
        key = page_key(page.file, page.markdown, files_key, settings_digest(config))
        self.page_cache.render(page, original, key, config, files)

    def cleaned(self, html: str, clean: Callable[[str], str], *, generated: bool) -> str:
        """`clean(html)`, from the cache for a generated page."""
        if self.page_cache is not None and generated:
            return self.page_cache.cleaned(html, clean)
        return clean(html)

    def stop(self) -> None:
        """Every page is converted (or the build failed): the workers have nothing left to do."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def report(self) -> None:
        counts = self.blocks.counts
        log.debug(
            "code blocks: %d highlighted (%d of them by workers), %d from the cache",
            counts["made"],
            counts["made by workers"],
            counts["stored"],
        )
        if self.page_cache is not None:
            pages = self.page_cache.counts
            log.debug("pages: %d converted, %d from the cache", pages["converted"], pages["stored"])
