"""MkDocs, and ProperDocs, whose modules stand in for MkDocs' under the same names.

What the engine uses that MkDocs does not document:
- `mkdocs.commands.build._build_page`, the build of one page through the theme, which a forked
  process runs for pages the build has not reached (`split`); and that it writes nothing for a
  page whose template rendered nothing, logging "Page skipped: '<src_uri>'. ..." (`split`,
  `themecache`);
- `config.plugins.events`, the handlers of each event, read to know who sees pages as they are
  rendered, and edited in a forked process;
- what `Page.render` does, so one Markdown instance serves every page (`pagecache`): MkDocs'
  four per-page processors (`_RawHTMLPreprocessor` ...), their `_register`, and the page's
  `_title_from_render`; and that the build calls `page.render` as an attribute;
- `LiveReloadServer._rebuild_cond` and `_want_rebuild`, by which its watcher asks for a rebuild.
"""

from __future__ import annotations

import inspect
import logging
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.commands import build
from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import Adapter, installed

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

Render = Callable[["MkDocsConfig", "Files"], None]

ENGINE = build.__name__.partition(".")[0]
"""The engine whose modules are loaded: "mkdocs", or "properdocs"."""
# The versions of each engine the adapters were checked against: (lowest, first not checked).
_VERIFIED = {"mkdocs": ("1.5", "1.7"), "properdocs": ("1.6", "1.7")}  # 1.6.1; 1.6.7
_SKIPPED = ("Page skipped: '", "Generated empty output.")
_BUILD_PAGE = ("page", "config", "doc_files", "nav", "env", "dirty", "excluded")
# MkDocs' processors that `Page.render` adds to a page's Markdown, by their names there.
_PER_PAGE = (
    "_RawHTMLPreprocessor",
    "_ExtractAnchorsTreeprocessor",
    "_RelativePathTreeprocessor",
    "_ExtractTitleTreeprocessor",
)


class _EngineAdapter(Adapter):
    library = ENGINE
    verified = _VERIFIED.get(ENGINE, ("0", "0"))

    def version(self) -> str | None:
        return installed(self.library)


class BuildInternals(_EngineAdapter):
    """The build of one page through the theme, and the plugins' event handlers."""

    speedup = "rendering pages through the theme in a forked process, and reusing their output"

    def self_check(self) -> str | None:
        own = getattr(build, "_build_page", None)
        if own is None:
            return "the build has no _build_page"
        names = tuple(inspect.signature(own).parameters)
        if names != _BUILD_PAGE:
            return f"_build_page takes ({', '.join(names)})"
        events = getattr(PluginCollection(), "events", None)
        if not isinstance(events, dict) or not isinstance(events.get("page_context"), list):
            return "plugins have no events table"
        return None

    def handlers(self, config: MkDocsConfig, event: str) -> list[Callable[..., Any]] | None:
        """The methods that handle `event`, in order; None when they cannot be known."""
        if not self.usable():
            return None
        return list(config.plugins.events[event])

    def drop_handlers(
        self, config: MkDocsConfig, event: str, drop: Callable[[object], bool]
    ) -> None:
        """Stop calling the handlers of `event` whose plugin `drop` picks (in a forked child)."""
        events = config.plugins.events[event]
        events[:] = [m for m in events if not drop(getattr(m, "__self__", None))]

    def build_page(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: list[File],
        nav: Navigation,
        env: Environment,
        *,
        excluded: bool,
    ) -> None:
        """The engine's own build of `page` through the theme, writing its file."""
        build._build_page(page, config, doc_files, nav, env, excluded=excluded)

    @staticmethod
    def skipped(record: logging.LogRecord) -> str | None:
        """The page of a record saying its template rendered nothing, so nothing was written."""
        message = str(record.msg)
        if message.startswith(_SKIPPED[0]) and message.endswith(_SKIPPED[1]):
            return message.split("'")[1]
        return None


class PageRender(_EngineAdapter):
    """`Page.render` with one Markdown instance kept for every page of a configuration."""

    speedup = "one Markdown instance for every page"

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self._kept: tuple[Any, markdown.Markdown] | None = None

    def self_check(self) -> str | None:
        module = sys.modules[Page.__module__]
        for name in _PER_PAGE:
            if not callable(getattr(getattr(module, name, None), "_register", None)):
                return f"{name} is gone or has no _register"
        if "_title_from_render" not in Page.__init__.__code__.co_names:
            return "pages keep no _title_from_render"
        return None

    def wrap(self, page: Page, render: Callable[[Page, Render, MkDocsConfig, Files], None]) -> None:
        """Make the build's call of `page.render(config, files)` call `render(page, original,
        config, files)`; where the speedup is off, the page renders as it would."""
        if self.usable():
            page.render = partial(render, page, page.render)  # type: ignore[method-assign]

    def render(self, page: Page, original: Render, config: MkDocsConfig, files: Files) -> None:
        """What `original`, the engine's own `Page.render` of `page`, does.

        `Page.render` makes a new instance per page and adds four processors of its own; here
        the instance is reset, and those four, made anew for the page, replace the last page's
        under the same names. Where `original` is anything else, it is called as it is.
        """
        module = sys.modules.get(type(page).__module__)
        classes: list[Any] = [getattr(module, name, None) for name in _PER_PAGE]
        own = getattr(getattr(module, "Page", None), "render", None)
        if (
            not self.usable()
            or None in classes
            or getattr(original, "__func__", None) is not own
            or getattr(original, "__self__", None) is not page
            or page.markdown is None
        ):
            original(config, files)
            return
        if self._kept is None or self._kept[0] is not config:
            md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
            self._kept = (config, md)
        md = self._kept[1]
        md.reset()
        raw_html, anchors, relative, title = (
            classes[0](),
            classes[1](page.file, files, config),
            classes[2](page.file, files, config),
            classes[3](),
        )
        for processor in (raw_html, anchors, relative, title):
            processor._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if module.log.getEffectiveLevel() > logging.DEBUG:  # type: ignore[union-attr]
            page.links_to_anchors = relative.links_to_anchors


def title_from_render(page: Page) -> str | None:
    """The title the page's Markdown gave it, as `Page.render` leaves it."""
    return page._title_from_render


def set_title_from_render(page: Page, title: str | None) -> None:
    """Leave `title` on `page` as `Page.render` would."""
    page._title_from_render = title


class ServerRebuild(_EngineAdapter):
    """Asking `mkdocs serve`'s build loop for a rebuild, as its own watcher does."""

    speedup = "starting rebuilds on the system's change notices"

    def can_ask(self, server: object) -> bool:
        return (
            self.usable() and hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")
        )

    def rebuild(self, server: LiveReloadServer) -> None:
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()
