"""The MkDocs plugin: wires MkDocs events to the core's load, check and render functions."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..cache import FOLDER, Store
from ..content.folder import DEFAULT_STATIC, scan_folder
from ..content.load import SUFFIXES, FileCache, load_site
from ..content.yamlload import DEFAULT_MAX_BYTES
from ..errors import ContentError, Problem, TemplateError, summary, written_failure
from ..files import EditUris, Folders
from ..render.provenance import Records, site_records
from ..render.renderer import Renderer
from ..render.structure import HOME, is_project_page, nav, sources
from ..render.views import chunk_numbers
from ..resources import THEME
from ..settings import Settings, parse_python_version
from ..wording import plural
from ..workers import Workers
from .bytecode import MemoryBytecodeCache
from .capture import build_logger
from .collector import QuietCollector
from .compat import Speedups
from .compat.jinja import QuickMissing
from .compat.material import SearchJson
from .compat.mkdocs import BuildInternals, ServerRebuild
from .compat.mkdocs_serve import ServeRebuilds
from .htmlpost import compact, renumber, search_view
from .incremental import Rebuilds, only_known_listeners, only_this_plugin_sees_templates
from .keptsite import KeptSite
from .links import dead_links
from .markdown import add_required_extensions
from .preview import problems_html, with_problems
from .problemlog import ProblemLog
from .published import refused_files
from .sanitize import clean_page
from .searchcache import SearchCache
from .speedup import Speedup
from .split import Split
from .themecache import only_search_sees_pages, safe_to_reuse

if TYPE_CHECKING:
    import jinja2
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from ..content.entries import Site

log = get_plugin_logger(__name__)
NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
LINKS_ELSEWHERE_MIN = 100
"""Generated pages from which the dead links are looked for in a forked process."""


class PluginConfig(Config):
    content = opt.Optional(opt.Dir(exists=True))
    """Folder of the YAML content; default: `docs_dir`."""
    templates = opt.Optional(opt.Dir(exists=True))
    """Folder of templates that replace the packaged ones; default: `templates/` if present."""
    python_version = opt.Type(str, default="3.8")
    """Oldest Python grammar every snippet must parse with."""
    snippet_errors = opt.Choice(("error", "warn"), default="error")
    """`warn` lets a site being migrated build while its snippet problems are listed."""
    max_file_size = opt.Type(int, default=DEFAULT_MAX_BYTES)
    """Largest content file, in bytes."""
    static_files = opt.ListOfItems(opt.Type(str), default=list(DEFAULT_STATIC))
    """Suffixes of the static files the content folder may publish (raster images)."""
    cache = opt.Type(bool, default=True)
    """Keep checks, highlighted code and converted pages in `.cache/example-pages/` beside
    mkdocs.yml, to reuse in the next build."""
    workers = opt.Optional(opt.Type(int))
    """Processes that analyze snippets, convert pages and render pages through the theme beside
    the build; default: one per spare core, when there are enough pages to pay for them;
    0: none."""
    speedups = opt.Type(bool, default=True)
    """Use the speedups that lean on other libraries' internals (`engine/compat/`), each after
    it checks itself; false: none of them. The site is the same either way."""


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    # While serving, the plugin rebuilds every page when the nav changes and removes the pages
    # that are gone, which is what MkDocs warns that --dirty does not do.
    return not str(record.msg).startswith("A 'dirty' build is being performed")


class ExamplePagesPlugin(BasePlugin[PluginConfig]):
    """Adds one page per API described in the content folder, checked on every build."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds, so
        # a rebuild can tell which pages changed since the last one.
        self.dirty = dirty
        self.serving = command == "serve"
        # `build` and `gh-deploy` keep the previous site until the new one is written
        self.keep_site = not (dirty or self.serving)
        self.kept: KeptSite | None = None
        self._showed_problems = False
        self._problem_log = ProblemLog(log)
        self.site: Site | None = None
        self.pages: dict[str, str] = {}
        self.rebuilds = Rebuilds()
        self.records = Records()
        # Plain `mkdocs serve` rebuilds as `--dirty` would, where the plugin accounts for
        # every file (see `incremental`): the first save after startup takes a second.
        self.speedups = Speedups(enabled=self.config.speedups)
        self._undo = (
            self.speedups.get(ServeRebuilds).serve_dirty(self._dirty_build)
            if self.serving and not dirty
            else None
        )
        self._dirty_now = dirty
        if self.serving:
            build_logger().addFilter(_not_the_dirty_warning)
        self.files_cache = FileCache()
        # What the rebuilds keep is frozen between them (see `collector`).
        self.collector = QuietCollector() if self.serving and self.speedups.enabled else None

    def _dirty_build(self, config: MkDocsConfig) -> bool:
        """Whether this serve rebuild can be a dirty one: no plugin but this one and the
        search plugins sees pages as they are read or rendered."""
        internals = self.speedups.get(BuildInternals)
        self._dirty_now = self.speedups.use(ServeRebuilds) and only_known_listeners(
            config, self, internals=internals
        )
        return self._dirty_now

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        collector = getattr(self, "collector", None)
        if collector is not None:
            collector.starting()
        # Absolute, as MkDocs gives the file's path on `mkdocs serve` rebuilds (the first build
        # may have it as typed): otherwise the first rebuild finds other settings and checks
        # every page again.
        root = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        self.content = Path(self.config.content or config.docs_dir)
        default_templates = root / "templates"
        self.templates = (
            Path(self.config.templates)
            if self.config.templates
            else (default_templates if default_templates.is_dir() else None)
        )
        try:
            version = parse_python_version(self.config.python_version)
        except ValueError as e:
            raise PluginError(f"example-pages: {e}") from None
        folder = root / FOLDER if self.config.cache else None
        self.settings = Settings(
            version,
            self.config.max_file_size,
            self.config.snippet_errors,
            tuple(self.config.static_files),
            cache=folder,
            workers=self.config.workers,
        )
        self.root = root
        self.site_dir = Path(config.site_dir)
        self.problems: list[Problem] = []
        if not getattr(self, "serving", False) or not hasattr(self, "pages"):
            # while serving, the last good pages stay until the content is fixed
            self.site = None
            self.pages = {}
        self._full_content: str | None = None
        if not hasattr(self, "files_cache"):
            self.files_cache = FileCache()
        for name in add_required_extensions(config.markdown_extensions, config.mdx_configs):
            log.debug("added the Markdown extension %s, which the pages need", name)
        # Kept across `mkdocs serve` rebuilds: each speedup checks itself once per site, and a
        # fallback from workers is said once.
        speedups = getattr(self, "speedups", None)
        if speedups is None or speedups.enabled != self.config.speedups:
            self.speedups = Speedups(enabled=self.config.speedups)
        workers = getattr(self, "workers", None)
        if workers is None or workers.count != self.config.workers:
            self.workers = Workers(self.config.workers)
        self.speedup = Speedup(folder, workers=self.workers, speedups=self.speedups)
        self.search_cache = SearchCache(Store(folder))
        # Last, so that it finds the highlighter the other extensions set up.
        config.markdown_extensions.append(self.speedup.extension())
        # The theme overrides come after the site's custom_dir, so the site can override them.
        dirs = config.theme.dirs
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        # A nav written in mkdocs.yml is the author's; otherwise the plugin generates one.
        self.generate_nav = config.nav is None
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site_dir: a content error leaves the old site in place.
        self._links: list[Problem] = []
        try:
            site = self._load(config)
            pages = self._renderer().pages(site)
            # A link to a file the site lacks may lead to one another plugin adds: such
            # links are judged again in `on_nav`, once every plugin has added its files,
            # and the problems are told there. On a large site a forked process looks for
            # them while the build lists its files and makes its nav.
            self._find_links(site, pages, config)
            self.site, self.pages = site, pages
            if self._links_pending is None and not self._links:
                self._tell(site.warnings, config)
            self.numbers = chunk_numbers(self.site)
            self.problems = []
            if getattr(self, "keep_site", False):
                self.kept = KeptSite(Path(config.site_dir))
                self.kept.set_aside()
        except (ContentError, TemplateError) as e:
            if not getattr(self, "serving", False):
                raise PluginError(str(e)) from None
            self._show_problems(e, strict=config.strict)

    def _dead_links(
        self, site: Site, pages: dict[str, str], config: MkDocsConfig, known: Files | None = None
    ) -> list[Problem]:
        return dead_links(
            site,
            pages,
            config,
            content=self.content,
            root=self.root,
            settings=self.settings,
            known=[] if known is None else [f.src_uri for f in known],
        )

    def _find_links(self, site: Site, pages: dict[str, str], config: MkDocsConfig) -> None:
        """`_dead_links` into `self._links`, or started in a forked process where the build
        could fork one and the site is large enough to pay (see `_found_links`)."""
        self._links_pending = None
        enough = len(pages) >= LINKS_ELSEWHERE_MIN
        if not getattr(self, "serving", False) and self.workers.size(enough=enough) > 0:
            fork = self.workers.context(spawn_ok=False)
            if fork is not None:
                pool = self.workers.pool(fork, (self, site, pages, config), workers=1)
                self._links_pending = (pool, pool.submit(_links_elsewhere, None))
                return
        self._links = self._dead_links(site, pages, config)

    def _found_links(self, site: Site, config: MkDocsConfig) -> bool:
        """Wait for the forked search of dead links, if one runs (True), into `self._links`;
        where it failed (said once), search here."""
        pending, self._links_pending = getattr(self, "_links_pending", None), None
        if pending is None:
            return False
        pool, future = pending
        try:
            found = pool.result(future)
        finally:
            pool.close()
        if found is None:
            found = self._dead_links(site, self.pages, config)
        else:
            log.debug("links: looked for in a forked process")
        self._links = found
        return True

    def _tell(self, warnings: list[Problem], config: MkDocsConfig) -> None:
        """Log the build's warnings and their summary."""
        self._log_problems(warnings, strict=config.strict)
        if warnings:
            log.warning("%s", summary(warnings))

    def _judge_links(self, files: Files, config: MkDocsConfig) -> None:
        """The dead links found before the build, judged with every plugin's files."""
        if self.site is None:
            return
        forked = self._found_links(self.site, config)
        if not getattr(self, "_links", None):
            if forked:  # not told before the build, as the search had not ended
                self._tell(self.site.warnings, config)
            return
        self._links = []
        site = self.site
        site.warnings += self._dead_links(site, self.pages, config, known=files)
        if not any(p.severity == "error" for p in site.warnings):
            self._tell(site.warnings, config)
            return
        error = ContentError(site.warnings)
        if not getattr(self, "serving", False):
            raise PluginError(str(error))
        self._show_problems(error, strict=config.strict)
        self._showed_problems = self._everything = True

    def _renderer(self) -> Renderer:
        """The renderer, kept across `mkdocs serve` rebuilds while the site's templates folder
        holds the same files: its templates stay compiled (Jinja recompiles one whose file
        changed, but would not notice a new file that overrides a default)."""
        folder = self.templates
        names = (
            sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
            if folder is not None and folder.is_dir()
            else []
        )
        kept = getattr(self, "_kept_renderer", None)
        if kept is None or kept[0] != (folder, names):
            kept = ((folder, names), Renderer(folder, numbered_chunks=True))
            self._kept_renderer = kept
        return kept[1]

    def _load(self, config: MkDocsConfig) -> Site:
        """The checked content, and the docs_dir around it held to the content folder's rules."""
        docs, content = Path(config.docs_dir).resolve(), self.content.resolve()
        outside: list[Problem] = []
        if docs != content and not docs.is_relative_to(content):
            outside = scan_folder(
                docs,
                root=self.root,
                static=self.settings.static_files,
                max_bytes=self.settings.max_file_size,
                skip=content,
            )
        try:
            site = load_site(
                self.content,
                root=self.root,
                settings=self.settings,
                cache=self.files_cache,
                speedups=self.speedups,
                workers=self.workers,
            )
        except ContentError as e:
            raise ContentError(outside + e.problems) from None
        if outside:
            raise ContentError(outside + site.warnings)
        return site

    def _show_problems(self, error: ContentError | TemplateError, *, strict: bool) -> None:
        """Log the problems, and keep serving pages that show them.

        Raising would make `mkdocs serve` log one message (which its DuplicateFilter drops
        the second time) and hold every request until a build succeeds.
        """
        if isinstance(error, ContentError):
            self.problems = error.problems
        else:
            # the message starts with the template's name and line
            self.problems = [Problem("", 0, 0, str(error))]
        self._log_problems(self.problems, strict=strict)
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        log.error(
            "%s%s; every page of the preview lists %s until %s fixed.",
            plural(errors, "content error"),
            f" and {plural(warnings, 'warning')}" if warnings else "",
            "it" if len(self.problems) == 1 else "them",
            "it is" if len(self.problems) == 1 else "they are",
        )

    def _log_problems(self, problems: list[Problem], *, strict: bool) -> None:
        if not hasattr(self, "_problem_log"):
            self._problem_log = ProblemLog(log)
        serving = getattr(self, "serving", False)
        self._problem_log.log(problems, serving=serving, strict=strict)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content = self.content.resolve()
        folders = Folders()
        # by folder: thousands of files share a few folders
        in_content: dict[str, bool] = {}
        for file in list(files):
            source = file.abs_src_path
            if not source or os.path.splitext(source)[1] not in SUFFIXES:
                continue
            folder = os.path.dirname(source)
            inside = in_content.get(folder)
            if inside is None:
                inside = in_content[folder] = folders.folder(Path(folder)).is_relative_to(content)
            if inside:
                files.remove(file)
        # Whatever the checks refuse (a link out of the folder, a script) is never published,
        # even by a preview that keeps serving to show the problems.
        for file in refused_files(
            files, Path(config.docs_dir), root=self.root, problems=self.problems
        ):
            files.remove(file)
        edit_uris = EditUris(Path(config.docs_dir).resolve(), folders)
        # The files this build loaded its pages from (they were there a moment ago: no page
        # asks the system again), and the home page's, where there is one.
        edited = sources(self.site) if self.site else {}
        home = self.content / HOME
        if home.exists():
            edited[HOME] = home
        for src_uri, text in self.pages.items():
            # our paths are already in the collection's form (`get_file_from_path` makes a
            # path of each: thousands of them on a large site)
            if (existing := files.src_uris.get(src_uri)) is not None:
                files.remove(existing)
            inclusion = NOT_IN_NAV if is_project_page(src_uri) else InclusionLevel.UNDEFINED
            page = File.generated(config, src_uri, content=text, inclusion=inclusion)
            written = edited.get(src_uri)
            if written is not None:
                page.edit_uri = edit_uris.get(written)
            else:
                page.edit_uri = None
            files.append(page)
        if self.site is not None:
            for name, data in site_records(
                self.site,
                project=config.site_name,
                site_url=config.site_url,
                directory_urls=config.use_directory_urls,
                records=getattr(self, "records", None),
            ).items():
                files.append(File.generated(config, name, content=data))
        if self.generate_nav and self.site is not None:
            others = sorted(
                f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages
            )
            config.nav = nav(self.site, others)
        self._files = files
        showed = getattr(self, "_showed_problems", False)
        self._showed_problems = bool(self.problems)
        # every page gets (or loses) the problem list, changed or not
        self._everything = showed or bool(self.problems)
        return files

    def _dirty(self) -> bool:
        return getattr(self, "_dirty_now", False)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._judge_links(files, config)
        if self._dirty():
            # Here, once every plugin has added its files.
            files_key = self.speedup.page_cache.files_key(files)
            everything = getattr(self, "_everything", True)
            self.rebuilds.plan(
                files, config, self.pages, files_key=files_key, everything=everything
            )
            self.rebuilds.carry_over(files, config)
        # The pages exist now: workers can start converting them.
        self.speedup.start(self.pages, files, config)
        self._nav = nav
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.speedup.reached(page, generated=page.file.src_uri in self.pages)
        return markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page is converted by now: the workers have nothing left to do.
        self.speedup.stop()
        self.speedup.report()
        if self._dirty():
            self.rebuilds.after_reading(files)
        # The theme's partials/nav.html takes the lean nav only where the plugin renders.
        env.globals["example_pages_nav"] = True
        self.speedups.get(QuickMissing).install(env)
        # MkDocs makes a new environment for every build; `mkdocs serve` rebuilds reuse the
        # compiled templates (Jinja checks each one's source before reusing it).
        if not hasattr(self, "_bytecode"):
            self._bytecode = MemoryBytecodeCache()
        env.bytecode_cache = self._bytecode
        serving = getattr(self, "serving", False)
        nav = getattr(self, "_nav", None)
        todo = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        theme = self.speedup.theme
        internals = self.speedup.internals
        if only_search_sees_pages(config, self, internals=internals):
            # the search plugins index each page as this plugin hands it over
            self.search_cache.take_over(config, internals)
        if not serving and nav is not None and safe_to_reuse(config, self, internals=internals):
            theme.plan(env, config, files, nav)
            todo = theme.to_render(todo)
        self.split = None
        self.split = Split.start(
            env,
            config,
            files,
            nav,
            plugin=self,
            serial=serving or self.config.workers == 0,
            todo=todo,
            internals=internals,
            workers=self.workers,
        )
        return env

    @event_priority(-100)  # last: raising here skips the build_error events after it
    def on_build_error(self, *, error: Exception) -> None:
        pending, self._links_pending = getattr(self, "_links_pending", None), None
        if pending is not None:
            pending[0].close()
        self._thaw()
        self._rebuild_done()
        self.rebuilds.forget()
        self.speedup.stop()
        split, self.split = getattr(self, "split", None), None
        if split is not None:
            split.stop()
        kept = getattr(self, "kept", None)
        if kept is not None:
            kept.restore()
        if isinstance(error, OSError):
            # a full disk or a size limit while MkDocs writes site_dir: one line, no traceback
            raise PluginError(written_failure(error, self.site_dir)) from None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Every page, hand-written ones too, is untrusted content: keep only allowlisted HTML.
        html = self.speedup.cleaned(html, clean_page, generated=page.file.src_uri in self.pages)
        numbers = getattr(self, "numbers", {}).get(page.file.src_uri)
        html = renumber(html, numbers) if numbers else html
        return problems_html(self.problems) + html if self.problems else html

    def on_pre_template(
        self, template: jinja2.Template, /, *, template_name: str, config: MkDocsConfig
    ) -> jinja2.Template:
        if not self._dirty() or template_name not in config.theme.static_templates:
            return template
        # Under `mkdocs serve`, the theme's 404 page and sitemap are rendered again only where
        # what they show changed (see `incremental`).
        reusable = only_this_plugin_sees_templates(config, self, internals=self.speedup.internals)
        kept: jinja2.Template = self.rebuilds.template(template, template_name, reusable=reusable)
        return kept

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # The preview answers an unknown address with 404.html: it lists the problems too.
        if self.problems and template_name == "404.html":
            return with_problems(output_content, self.problems)
        return output_content

    @event_priority(100)  # before the search plugin indexes the page
    def _light_for_search(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self._dirty():
            self.rebuilds.before_indexing(config)
        lighten = None
        if page.content and page.file.src_uri in self.pages:
            content = page.content

            def lighten() -> None:
                self._full_content = content
                page.content = search_view(content)

        # Where the search cache holds the page's entries, the light view is never made.
        self.search_cache.index(context, page, config, nav, lighten=lighten)
        return context

    @event_priority(-100)  # after every indexer, before the theme renders the page
    def _full_for_reader(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self._dirty():
            self.rebuilds.after_indexing(config, page.file.src_uri)
        if self._full_content is not None:
            page.content, self._full_content = self._full_content, None
        split = getattr(self, "split", None)
        if split is not None:
            split.choose(page, context)
        return context

    on_page_context = CombinedEvent(_light_for_search, _full_for_reader)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        src_uri = page.file.src_uri
        kept = self.speedup.theme.output(src_uri)
        if kept is not None:
            return kept
        split = getattr(self, "split", None)
        if split is not None and src_uri in split.theirs:
            return output  # empty: the forked process writes the page
        html = compact(output)
        self.speedup.theme.keep(src_uri, html)
        return html

    @event_priority(100)  # every page is written before any other plugin's post_build
    def _pages_written(self, *, config: MkDocsConfig) -> None:
        split, self.split = getattr(self, "split", None), None
        if split is not None:
            split.finish()
        self.speedup.theme.report()
        self.search_cache.report()
        files = getattr(self, "_files", None)
        if self._dirty() and files is not None:
            # Before the search plugins write their index; a dirty build keeps what site_dir
            # holds: the files that are gone since are removed.
            self.rebuilds.complete_indexes(files, config, search_json=self.speedups.get(SearchJson))
            self.rebuilds.remove_gone(files, config)

    @event_priority(-100)  # after every plugin's post_build: the build is done
    def _build_done(self, *, config: MkDocsConfig) -> None:
        self._thaw()  # first: the collector of `mkdocs serve` freezes what is alive now
        self._rebuild_done()

    def _thaw(self) -> None:
        workers = getattr(self, "workers", None)
        if workers is not None:
            workers.thaw()

    on_post_build = CombinedEvent(_pages_written, _build_done)

    def _rebuild_done(self) -> None:
        collector = getattr(self, "collector", None)
        if collector is not None:
            collector.done()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        docs = Path(config.docs_dir).resolve()
        folders = [docs] if self.content.resolve().is_relative_to(docs) else [docs, self.content]
        templates = self.templates or self.root / "templates"
        folders += [templates] if templates.is_dir() else []
        # The server watches docs_dir and the configuration file itself; with the file
        # watched, it still adds its reload script to pages once docs_dir is handed over.
        from .notify import Notifier  # file watching, imported when serving only

        self.notifier = Notifier(self.speedups.get(ServerRebuild))
        if config.config_file_path and self.notifier.watch(
            server, folders, watched={os.path.abspath(config.docs_dir)}
        ):
            if not templates.is_dir():  # made while serving: watched from then on
                self.notifier.watch_when_made(server, templates)
            return server
        for folder in folders[1:]:
            server.watch(str(folder))
        return server

    def on_shutdown(self) -> None:
        undo = getattr(self, "_undo", None)
        if undo is not None:
            undo()
        kept = getattr(self, "kept", None)
        if kept is not None:
            kept.drop()
        notifier = getattr(self, "notifier", None)
        if notifier is not None:
            notifier.stop()
        collector = getattr(self, "collector", None)
        if collector is not None:
            collector.stop()


def _links_elsewhere(
    state: tuple[ExamplePagesPlugin, Site, dict[str, str], MkDocsConfig], _: None
) -> list[Problem]:
    """In a forked process: the dead links of the pages."""
    plugin, site, pages, config = state
    return plugin._dead_links(site, pages, config)
