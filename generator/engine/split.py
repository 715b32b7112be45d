"""The theme renders some of a build's pages in a forked process, beside the build itself.

By the time MkDocs renders pages through the theme, every page is converted and the nav is
complete. A process forked then holds all of it, and runs MkDocs' own `_build_page` for the
last two thirds of the pages still to render (see `themecache`), writing their files, while
the build renders the others. The build still
runs every page's `on_page_context` (the search plugin indexes every page, in order); for
the forked process's pages it renders an empty template instead, which MkDocs does not write.
What the forked process logs is logged again by the build when it is done, so `--strict`
counts its warnings.

This only happens where it cannot change the output: a build (not `serve`), in one thread,
where no plugin but the search plugins and this one sees pages as they are rendered.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel

from ..parallel import can_fork
from .capture import Capture, Records, build_logger, engine_logger, replay
from .themecache import EMPTY, is_search, only_search_sees_pages, use_empty_template

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

log = get_plugin_logger(__name__)
SHARE = 0.72
"""The forked process's share of the pages: the build also indexes every page for search."""
MIN_PAGES = 40
"""Below this many pages, forking costs more than it saves."""


class Split:
    """The last share of the pages to render, rendered by a forked process."""

    def __init__(
        self,
        env: Environment,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation,
        todo: list[File],
    ) -> None:
        theirs = todo[len(todo) - round(len(todo) * SHARE) :]
        self.src_uris = {file.src_uri for file in theirs}
        self._executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(env, config, files, nav),
        )
        names = [file.src_uri for file in theirs]
        self._done: Future[tuple[Records, bool]] | None = self._executor.submit(_render, names)
        # The build renders the empty template for those pages: MkDocs writes no file then.
        for file in theirs:
            assert file.page is not None
            file.page.meta["template"] = EMPTY
        use_empty_template(env)
        build_logger().addFilter(self._not_skipped)
        log.debug("theme: %d of %d pages rendered by a forked process", len(theirs), len(todo))

    @classmethod
    def start(
        cls,
        env: Environment,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation | None,
        *,
        plugin: object,
        serial: bool,
        todo: list[File],
    ) -> Split | None:
        """A split of the rendering of the pages `todo`, where it is safe and pays; `serial`:
        the build renders every page itself (`mkdocs serve`, `workers: 0`)."""
        if serial or nav is None or not can_fork() or not only_search_sees_pages(config, plugin):
            return None
        if len(todo) < MIN_PAGES:
            return None
        return cls(env, config, files, nav, todo)

    def _not_skipped(self, record: logging.LogRecord) -> bool:
        # MkDocs notes each page whose template rendered nothing; those are rendered elsewhere.
        message = str(record.msg)
        if message.startswith("Page skipped: '") and message.endswith("Generated empty output."):
            return message.split("'")[1] not in self.src_uris
        return True

    def finish(self) -> None:
        """Wait for the forked process; log what it logged; raise what it raised."""
        done, self._done = self._done, None
        if done is None:
            return
        try:
            logs, failed = done.result()
        finally:
            self.stop()
        replay(logs)
        if failed:
            raise PluginError("example-pages: the theme could not render a page (see above)")

    def stop(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        build_logger().removeFilter(self._not_skipped)


_state: tuple[Any, ...] = ()


def _start(env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
    global _state
    _state = (env, config, files, nav)


def _render(names: list[str]) -> tuple[Records, bool]:
    """In the forked process: MkDocs' own page build for the pages `names`."""
    env, config, files, nav = _state
    logger = engine_logger()
    capture = Capture(logger.getEffectiveLevel())
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(capture)
    logger.propagate = False
    # The build indexes every page for search; the index here would be thrown away.
    events = config.plugins.events["page_context"]
    events[:] = [m for m in events if not is_search(getattr(m, "__self__", None))]
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    try:
        for name in names:
            file = files.get_file_from_path(name)
            _build_page(
                file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
            )
    except Exception:  # MkDocs logged which page, and why
        return capture.records, True
    return capture.records, False
