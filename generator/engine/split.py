"""The theme renders some of a build's pages in a forked process, beside the build itself.

By the time MkDocs renders pages through the theme, every page is converted and the nav is
complete. A process forked then holds all of it, and runs MkDocs' own page build
(`compat.mkdocs`) for pages still to render (see `themecache`), writing their files, while
the build goes through every page in order. Both take the first page nobody has taken: the
forked process when it is free, the build when it reaches one, so the build passes quickly
over the pages the other took and both stay busy to the end. The build still runs every
page's `on_page_context` (the search plugin indexes every page, in order). MkDocs picks a
page's template before that event, so each page to share gets a template that extends the
page's own where the build took the page in `on_page_context`, and renders nothing (which
MkDocs does not write) where the forked process did. What the forked process logs is logged
again by the build when it is done, so `--strict` counts its warnings.

This only happens where it cannot change the output: a build (not `serve`), in one thread,
where no plugin but the search plugins and this one sees pages as they are rendered.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel

from ..workers import Workers
from .capture import Capture, Records, build_logger, engine_logger, replay
from .compat.material import is_search
from .themecache import CHOSEN, only_search_sees_pages, use_empty_template

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from .compat.mkdocs import BuildInternals

log = get_plugin_logger(__name__)
MIN_PAGES = 40
"""Below this many pages, forking costs more than it saves."""
BUILD, FORKED = 1, 2
"""Who took a page."""


class Split:
    """The pages to render, each taken by the build or by a forked process, first come."""

    def __init__(
        self,
        env: Environment,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation,
        todo: list[File],
        internals: BuildInternals,
        workers: Workers,
        fork: BaseContext,
    ) -> None:
        names = [file.src_uri for file in todo]
        self.internals = internals
        self.position = {name: number for number, name in enumerate(names)}
        self.theirs: set[str] = set()
        # Shared by both: the first page nobody took, and who took each page.
        self._lock = fork.Lock()
        self._next = fork.RawValue("i", 0)
        self._taken = fork.RawArray("b", len(names))
        state = (env, config, files, nav, internals, self._lock, self._next, self._taken)
        self._pool = workers.pool(fork, state, workers=1)
        self._done: Future[tuple[Records, bool]] | None = self._pool.submit(_render, names)
        # Only now: the forked process renders with the pages' own templates.
        self.templates: dict[str, str] = {}
        for file in todo:
            assert file.page is not None
            self.templates[file.src_uri] = file.page.meta.get("template", "main.html")
            file.page.meta["template"] = CHOSEN
        use_empty_template(env)
        build_logger().addFilter(self._not_skipped)

    def choose(self, page: Page, context: TemplateContext) -> None:
        """Take `page` for the build unless the forked process took it: tell its template."""
        number = self.position.get(page.file.src_uri)
        if number is None:
            return
        with self._lock:
            if not self._taken[number]:
                self._taken[number] = BUILD
                self._next.value = max(self._next.value, number + 1)
            mine = self._taken[number] == BUILD
        if not mine:
            self.theirs.add(page.file.src_uri)
        shown: dict[str, object] = context  # type: ignore[assignment]
        shown["example_pages_mine"] = mine
        shown["example_pages_template"] = self.templates[page.file.src_uri]

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
        internals: BuildInternals,
        workers: Workers,
    ) -> Split | None:
        """A split of the rendering of the pages `todo`, where it is safe and pays; `serial`:
        the build renders every page itself (`mkdocs serve`, `workers: 0`)."""
        if serial or nav is None or len(todo) < MIN_PAGES or workers.count == 0:
            return None
        if not only_search_sees_pages(config, plugin, internals=internals):
            return None
        fork = workers.context(spawn_ok=False)
        if fork is None:
            return None
        return cls(env, config, files, nav, todo, internals, workers, fork)

    def _not_skipped(self, record: logging.LogRecord) -> bool:
        # MkDocs notes each page whose template rendered nothing; those are rendered elsewhere.
        skipped = self.internals.skipped(record)
        return skipped is None or skipped not in self.theirs

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
        log.debug(
            "theme: %d of %d pages rendered by a forked process",
            len(self.theirs),
            len(self.position),
        )
        if failed:
            raise PluginError("example-pages: the theme could not render a page (see above)")

    def stop(self) -> None:
        self._pool.close()
        build_logger().removeFilter(self._not_skipped)


def _render(state: tuple[Any, ...], names: list[str]) -> tuple[Records, bool]:
    """In the forked process: MkDocs' own page build for each of `names` nobody took yet."""
    env, config, files, nav, internals, lock, next_page, taken = state
    logger = engine_logger()
    capture = Capture(logger.getEffectiveLevel())
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(capture)
    logger.propagate = False
    # The build indexes every page for search; the index here would be thrown away.
    internals.drop_handlers(config, "page_context", is_search)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    try:
        while True:
            with lock:
                number = next_page.value
                if number >= len(names):
                    break
                next_page.value = number + 1
                taken[number] = FORKED
            file = files.get_file_from_path(names[number])
            internals.build_page(
                file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
            )
    except Exception:  # MkDocs logged which page, and why
        return capture.records, True
    return capture.records, False
