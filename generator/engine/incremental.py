"""Rebuilds under `mkdocs serve` that redo only what an edit changed, with a clean build's output.

MkDocs' dirty build reads, renders and writes only the files whose `is_modified()` is true and
leaves the rest of site_dir as it is. `Rebuilds` answers that question for every file and
supplies what a dirty build by itself gets wrong:

- Every page shows the nav, the file list and the configuration: when any of them changed
  (or the templates did), every page is rendered again. Otherwise a page is rendered again
  only when its own text did (a generated page's Markdown, a written page's file).
- A page that is not read again takes what reading it set in the last build (its Markdown,
  HTML, title and metadata), so the nav that other pages show names it as before, and its
  anchors still answer links. When a page that was read shows another title or metadata
  than before, every page is rendered again.
- The search index gets every page's entries: the ones made now, and the kept ones of the
  pages not rendered.
- Files that are gone since the last build are removed from site_dir, and a static file is
  copied again when its source changed at all (not only when it is newer).
- The theme's own templates (`404.html`, `sitemap.xml`) show the nav, the file list and the
  configuration, and the sitemap each page's build date: where none of those changed, and no
  plugin but this one sees templates rendered, each gives the text it rendered last time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..cache import key_of
from ..files import Fingerprint, fingerprint
from .compat.mkdocs_serve import carry_over, search_entries, snapshot
from .themecache import config_digest, is_search, templates_digest

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from .compat.material import SearchJson
    from .compat.mkdocs import BuildInternals

INCLUDED = InclusionLevel.is_in_serve
# The events that see a page as it is read or rendered, or change how every page renders.
_PAGE_EVENTS = (
    "pre_page",
    "page_read_source",
    "page_markdown",
    "page_content",
    "page_context",
    "post_page",
    "env",
)


def only_known_listeners(
    config: MkDocsConfig, plugin: object, *, internals: BuildInternals
) -> bool:
    """No plugin or hook but `plugin` and the search plugins (which index in `page_context`)
    sees a page as it is read or rendered: a page not redone would be missing from what
    they keep. False where that cannot be known."""
    for event in _PAGE_EVENTS:
        handlers = internals.handlers(config, event)
        if handlers is None:
            return False
        for method in handlers:
            owner = getattr(method, "__self__", None)
            if owner is plugin or (event == "page_context" and is_search(owner)):
                continue
            return False
    return True


_TEMPLATE_EVENTS = ("pre_template", "template_context", "post_template")


def only_this_plugin_sees_templates(
    config: MkDocsConfig, plugin: object, *, internals: BuildInternals
) -> bool:
    """No plugin or hook but `plugin` sees the theme's templates rendered: their output is a
    function of the nav, the files, the configuration and the templates."""
    for event in _TEMPLATE_EVENTS:
        handlers = internals.handlers(config, event)
        if handlers is None or any(getattr(m, "__self__", None) is not plugin for m in handlers):
            return False
    return True


class _Kept:
    """A template that renders the text it rendered last time."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


class _Keeping:
    """`template`, keeping the text it renders."""

    def __init__(self, template: Any, keep: Any) -> None:
        self.template, self.keep = template, keep

    def render(self, *args: Any, **kwargs: Any) -> str:
        text = self.template.render(*args, **kwargs)
        self.keep(text)
        return str(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


class Rebuilds:
    """What the last build read, rendered, indexed and wrote: kept across `mkdocs serve`
    rebuilds to decide which files the next one redoes."""

    def __init__(self) -> None:
        self.signature: str | None = None
        # src_uri -> what the page's text was: a generated page's Markdown, else its file's
        self.sources: dict[str, object] = {}
        self.read: dict[str, dict[str, Any]] = {}
        self.shown: dict[str, object] = {}
        self.entries: dict[str, list[list[dict[str, Any]]]] = {}
        self.copied: dict[str, Fingerprint] = {}
        self.dests: set[str] = set()
        self.redone: set[str] = set()
        self.everything = True
        # The theme's static templates: what each rendered, and under which key.
        self.outputs: dict[str, tuple[object, str]] = {}
        self._starts: list[int] = []

    def plan(
        self,
        files: Files,
        config: MkDocsConfig,
        generated: dict[str, str],
        *,
        files_key: str,
        everything: bool,
    ) -> None:
        """Mark each file modified or not, for a dirty build of `files` (in `on_files`);
        `files_key` is `pagecache.files_digest(files)`."""
        templates = templates_digest(config)
        signature = key_of(["site", config_digest(config), files_key, templates])
        everything = everything or templates is None or signature != self.signature
        self.signature, self.everything = signature, everything
        site_dir = config.site_dir
        sources: dict[str, object] = {}
        self.redone = set()
        for file in files:
            if file.is_documentation_page():
                uri = file.src_uri
                text = generated.get(uri)
                sources[uri] = text if text is not None else _source(file)
                if (
                    everything
                    or uri not in self.read
                    or self.sources.get(uri) != sources[uri]
                    or not os.path.exists(os.path.join(site_dir, file.dest_uri))
                ):
                    self.redone.add(uri)
                    file.is_modified = _modified  # type: ignore[method-assign]
                else:
                    file.is_modified = _unmodified  # type: ignore[method-assign]
            elif file.abs_src_path is not None and not file.generated_by:
                now = fingerprint(file.abs_src_path)
                dest = file.dest_uri
                changed = self.copied.get(dest) != now or not os.path.exists(file.abs_dest_path)
                self.copied[dest] = now
                file.is_modified = _modified if changed else _unmodified  # type: ignore[method-assign]
        self.sources = sources

    def carry_over(self, files: Files, config: MkDocsConfig) -> None:
        """Give every page not read again what reading it set in the last build (`on_nav`)."""
        by_uri = {file.src_uri: file for file in files}
        for file in files.documentation_pages(inclusion=INCLUDED):
            if file.src_uri in self.redone:
                continue
            if file.page is None:
                Page(None, file, config)  # as MkDocs makes a page that is not in the nav
            assert file.page is not None
            carry_over(file.page, self.read[file.src_uri], by_uri)

    def after_reading(self, files: Files) -> bool:
        """Keep what reading set on the pages read (`on_env`); True where every page must be
        rendered, because one that was read shows another title or metadata in the nav."""
        changed = False
        for file in files.documentation_pages(inclusion=INCLUDED):
            page = file.page
            if page is None or file.src_uri not in self.redone:
                continue
            self.read[file.src_uri] = snapshot(page)
            shown = key_of([page.title, page.meta])
            changed |= self.shown.get(file.src_uri, shown) != shown
            self.shown[file.src_uri] = shown
        if changed and not self.everything:
            self.everything = True
            for file in files.documentation_pages():
                self.redone.add(file.src_uri)
                file.is_modified = _modified  # type: ignore[method-assign]
        return changed

    def template(self, template: Any, name: str, *, reusable: bool) -> Any:
        """The theme's static template `name` (`on_pre_template`), or one that renders what
        it rendered in the last build, where this build renders no page for a change in what
        every page shows, `reusable` says no other plugin sees templates, and the day (the
        sitemap's date of each page) is the same."""
        key = (self.signature, get_build_date())
        kept = self.outputs.get(name)
        if reusable and not self.everything and kept is not None and kept[0] == key:
            return _Kept(kept[1])
        self.outputs.pop(name, None)

        def keep(text: str) -> None:
            self.outputs[name] = (key, text)

        return _Keeping(template, keep) if reusable else template

    def before_indexing(self, config: MkDocsConfig) -> None:
        """Note where each search index stands before it indexes a page."""
        self._starts = [len(entries) for _, entries in _indexes(config)]

    def after_indexing(self, config: MkDocsConfig, src_uri: str) -> None:
        """Keep the entries each search index made for the page `src_uri`."""
        indexes = [entries for _, entries in _indexes(config)]
        if len(indexes) == len(self._starts):
            self.entries[src_uri] = [e[s:] for e, s in zip(indexes, self._starts, strict=True)]

    def complete_indexes(
        self, files: Files, config: MkDocsConfig, *, search_json: SearchJson | None = None
    ) -> None:
        """Every page's entries, in page order, in each search index (before it is written);
        `search_json` writes each index from its pages' kept JSON where it can."""
        pages = files.documentation_pages(inclusion=INCLUDED)
        for number, (plugin, entries) in enumerate(_indexes(config)):
            each = [
                kept
                for file in pages
                for kept in self.entries.get(file.src_uri, [])[number : number + 1]
            ]
            entries[:] = [entry for kept in each for entry in kept]
            if search_json is not None:
                search_json.write_from(plugin, each)

    def remove_gone(self, files: Files, config: MkDocsConfig) -> None:
        """Remove from site_dir what the last build wrote for files that are gone."""
        dests = {f.dest_uri for f in files if f.inclusion.is_in_serve()}
        site_dir = Path(config.site_dir)
        for dest in sorted(self.dests - dests):
            path = site_dir / dest
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == site_dir or not parent.is_relative_to(site_dir):
                    break
                try:
                    parent.rmdir()
                except OSError:  # not empty
                    break
        for gone in set(self.copied) - dests:
            del self.copied[gone]
        for gone in set(self.read) - set(self.sources):
            self.read.pop(gone, None)
            self.shown.pop(gone, None)
            self.entries.pop(gone, None)
        self.dests = dests

    def forget(self) -> None:
        """The build failed: the next one redoes everything."""
        self.signature = None
        self.copied.clear()
        self.outputs.clear()


def _source(file: File) -> object:
    return fingerprint(file.abs_src_path) if file.abs_src_path else file.content_bytes


def _indexes(config: MkDocsConfig) -> list[tuple[object, list[dict[str, Any]]]]:
    found = []
    for plugin in config.plugins.values():
        if is_search(plugin) and (entries := search_entries(plugin)) is not None:
            found.append((plugin, entries))
    return found
