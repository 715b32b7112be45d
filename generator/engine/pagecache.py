"""Converted pages reused between builds: what MkDocs' `Page.render` leaves on the page.

An entry is keyed by the page's Markdown, its place in the site, every file's place (links
are resolved against them), the Markdown and link-validation settings and the library
versions. It holds the HTML, the table of contents, the title, the anchors and the links to
other pages' anchors, plus the messages the conversion logged, which are logged again when the
entry is used, so `--strict` fails on a reused page as it did on the converted one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.structure.toc import AnchorLink, get_toc

from ..cache import Store, key_of
from .capture import Capture, engine_logger, replay
from .compat.mkdocs import PageRender, Render, set_title_from_render, title_from_render

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


def files_digest(files: Files) -> str:
    """What link resolution sees of the site's files."""
    rows = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
    return key_of(["files", rows])


def settings_digest(config: MkDocsConfig) -> str:
    """The settings that shape a page's conversion."""
    extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
    links = {name: repr(value) for name, value in config.validation.links.items()}
    return key_of(["settings", extensions, config.mdx_configs, config.use_directory_urls, links])


def page_key(file: File, markdown: str, files: str, settings: str) -> str:
    """The entry of the page of `file` converted from `markdown`."""
    where = [file.src_uri, file.dest_uri, file.url]
    return key_of(["page", markdown, where, files, settings])


def _collects() -> bool:
    return engine_logger().getEffectiveLevel() > logging.DEBUG


def _tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)}
        for a in items
    ]


class PageCache:
    """Converted pages: from workers (`ready`), from the store, or converted here.

    Counts what it did: pages converted here, pages a worker converted, pages from the store.
    """

    def __init__(self, store: Store, renderer: PageRender) -> None:
        self.store = store
        self.renderer = renderer
        self.counts = {"converted": 0, "by workers": 0, "stored": 0}
        # Entries and cleaned HTML that workers handed over, by key, for this build only.
        self.ready: dict[str, str] = {}
        self.ready_cleaned: dict[str, str] = {}
        self._files: tuple[int, str] = (0, "")

    def render(
        self, page: Page, original: Render, key: str, config: MkDocsConfig, files: Files
    ) -> None:
        """Set what `original` (Page.render) would on `page`: a worker's, the store's or its own."""
        text = self.ready.pop(key, None)
        if text is not None and self._restore(page, text, files):
            self.counts["by workers"] += 1
            return
        text = self.store.get(key)
        if text is not None and self._restore(page, text, files):
            self.counts["stored"] += 1
            return
        self.convert(page, original, key, config, files)
        self.counts["converted"] += 1

    def convert(
        self, page: Page, original: Render, key: str, config: MkDocsConfig, files: Files
    ) -> str:
        """Run `original` on `page`, store what it set under `key` and return the entry."""
        capture, own = Capture(), Capture()
        logger = engine_logger()
        # The entry keeps what the page's conversion logs whatever this build's log level:
        # under `-q` the engine drops warnings before any handler sees them, and an entry
        # made then would hide a dead link from every later build. The page module's logger
        # (MkDocs' link checks) hands its records to `own` alone, at INFO, which also makes
        # MkDocs collect the links to other pages' anchors; they are logged again below.
        pages_log = logging.getLogger(type(page).__module__)
        level, propagate = pages_log.level, pages_log.propagate
        pages_log.setLevel(logging.INFO)
        pages_log.propagate = False
        pages_log.addHandler(own)
        logger.addHandler(capture)
        try:
            self.renderer.render(page, original, config, files)
        finally:
            logger.removeHandler(capture)
            pages_log.removeHandler(own)
            pages_log.setLevel(level)
            pages_log.propagate = propagate
        links = page.links_to_anchors
        # MkDocs collects them only when not logging at debug level; nor does the page here
        if not _collects():
            page.links_to_anchors = None
        entry = {
            "content": page.content,
            "toc": _tokens(list(page.toc)),
            "title": title_from_render(page),
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: d for f, d in links.items()},
            "logs": own.records + capture.records,
        }
        text = json.dumps(entry)
        self.store.put(key, text)
        replay(own.records)
        return text

    def cleaned(self, html: str, clean: Callable[[str], str]) -> str:
        """`clean(html)`: a worker's, the store's, or cleaned here and stored."""
        key = key_of(["cleaned", html])
        text = self.ready_cleaned.pop(key, None)
        if text is None:
            text = self.store.get(key)
        if text is None:
            text = clean(html)
            self.store.put(key, text)
        return text

    def clean(self, html: str, clean: Callable[[str], str]) -> tuple[str, str]:
        """In a worker: `clean(html)` stored, with its key, to hand over."""
        key = key_of(["cleaned", html])
        text = clean(html)
        self.store.put(key, text)
        return key, text

    def files_key(self, files: Files) -> str:
        """`files_digest(files)`, worked out once per build."""
        if self._files[0] != id(files):
            self._files = (id(files), files_digest(files))
        return self._files[1]

    @staticmethod
    def _restore(page: Page, text: str, files: Files) -> bool:
        try:
            entry = json.loads(text)
            links: dict[Any, dict[str, str]] | None = None
            # MkDocs records links to other pages' anchors only when not logging at debug
            # level; an entry made at debug level lacks them.
            collects = _collects()
            if collects and entry["links"] is None:
                return False
            if collects:
                links = {}
                for src_uri, anchors in entry["links"].items():
                    target = files.get_file_from_path(src_uri)
                    if target is None:
                        return False
                    links[target] = dict(anchors)
            content, toc = str(entry["content"]), get_toc(entry["toc"])
            title, anchors = entry["title"], set(entry["anchors"])
            logs = [(str(n), int(level), str(m)) for n, level, m in entry["logs"]]
        except (ValueError, KeyError, TypeError):
            return False
        page.content, page.toc = content, toc
        set_title_from_render(page, title)
        page.present_anchor_ids = anchors
        if links is not None:
            page.links_to_anchors = links
        replay(logs)
        return True
