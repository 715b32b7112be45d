"""Render checked content to Markdown pages through Jinja templates.

Templates resolve like a theme's: the site's own folder first, then the defaults this package
ships, so a site overrides one template by copying that one file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from ..content.entries import ApiEntry, ProjectEntry, Site
from ..errors import TemplateError, escape
from ..resources import TEMPLATES
from ..wording import plural
from .freshness import STATUS_WORDS, entry_of, status_sections, upstream_view
from .markup import front_matter, md_text, relative, url_text
from .structure import (
    FRESHNESS,
    HOME,
    PROJECTS,
    LibraryGroup,
    LinkMemo,
    Links,
    api_path,
    cross_links,
    libraries,
    library_path,
    plain,
    project_path,
)
from .views import describe, example_view, license_markdown

TOC_MARKER = "<!-- example-pages:toc -->"
"""Where a hand-written home page asks for the table of every API page."""


class Renderer:
    """Owns the Jinja environment: the site's `templates` folder first, then the defaults."""

    def __init__(self, templates: Path | None = None, *, numbered_chunks: bool = False) -> None:
        self.numbered_chunks = numbered_chunks
        folders = [templates] if templates is not None and templates.is_dir() else []
        self.folders = (*folders, TEMPLATES)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = md_text
        self.env.filters["url"] = url_text
        self.env.filters["plain"] = plain
        self.env.filters["relative"] = relative
        self.env.globals.update(
            api_path=api_path, project_path=project_path, library_path=library_path
        )
        # Each API and project page's last output with the key of all it was made from.
        self._kept: dict[str, tuple[tuple[object, ...], str]] = {}
        # The same for the library tables, by the page that shows each.
        self._tables: dict[str, tuple[tuple[object, ...], str]] = {}
        self._reads: dict[jinja2.Template, tuple[bool, tuple[str, ...] | None]] = {}
        # While `pages` runs: each template's key, worked out once (Jinja checks a template's
        # file on every lookup).
        self._keys: dict[str, tuple[object, ...] | None] | None = None
        # Each API entry's key, by the entry's id, held with the entry: the loader hands the
        # same entry to the next load while nothing it holds changed (see `load`), and an
        # entry never changes once checked.
        self._entry_keys: dict[int, tuple[ApiEntry, tuple[object, ...]]] = {}
        self._entry_used: dict[int, tuple[ApiEntry, tuple[object, ...]]] | None = None
        # The cross-links each example had in the last `pages`.
        self._links = LinkMemo()

    def render(self, name: str, **context: Any) -> str:
        """The template `name` filled with `context`; TemplateError naming the template file,
        its line and the page being rendered where it fails."""
        page = context.get("page")
        rendering = f" (rendering {page})" if page else ""
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as e:
            where = f"{_shown(e.filename or e.name or name)}:{e.lineno}"
            raise TemplateError(
                escape(f"{where}: {e.message}{rendering}; fix the template")
            ) from None
        except jinja2.TemplateNotFound as e:
            raise TemplateError(
                escape(
                    f"{name}: template '{e.name}' not found in the site's templates folder or "
                    f"the defaults{rendering}; check its name"
                )
            ) from None
        except Exception as e:
            found = _template_frame(e, self.folders)
            if found is None and not isinstance(e, jinja2.TemplateError):
                raise  # not the template's doing
            where = f"{_shown(found[0])}:{found[1]}" if found else name
            what = (
                e.message if isinstance(e, jinja2.TemplateError) else None
            ) or f"{type(e).__name__}: {e}"
            fix = (
                "a template may only use the values the defaults use"
                if isinstance(e, jinja2.UndefinedError)
                else "fix the template"
            )
            raise TemplateError(escape(f"{where}: {what}{rendering}; {fix}")) from None

    def api_page(self, site: Site, api: ApiEntry, links: Links | None = None) -> str:
        """The API's page; kept while nothing it is made from changed.

        A page is made from its API's entry (model, file, examples and their projects), the
        names of the other APIs each example uses, the entries of the examples on other pages
        that use it, and the compiled templates. Where a template could read the whole `site`,
        it is made every time. Frozen models make a kept key unchanged while the objects in it
        are the same; equal new ones (a file saved again unchanged) count as unchanged too.
        """
        links = links or cross_links(site)
        page = api_path(api.api)
        return self._kept_or_made(
            self._kept,
            page,
            "api.md.j2",
            lambda: (
                self._entry_key(api),
                tuple(
                    tuple(o.api for o in links.also_uses[(api.api, e.number)]) for e in api.examples
                ),
                tuple(
                    (r.example.number, self._entry_key(r.api))
                    for r in links.used_in.get(api.api, [])
                ),
                tuple(entry_of(site, api, e) for e in api.examples),
            ),
            lambda: self._api_page(site, api, links, page),
        )

    def _kept_or_made(
        self,
        kept: dict[str, tuple[tuple[object, ...], str]],
        page: str,
        template: str,
        key: Callable[[], tuple[object, ...]],
        make: Callable[[], str],
    ) -> str:
        """`make()`, or what it returned for `page` last time while `template` (and the
        templates it uses) and `key()` are the same; made every time where a template may
        read the whole site."""
        if self._keys is None:
            templates = self._templates_key(template)
        elif template in self._keys:
            templates = self._keys[template]
        else:
            templates = self._keys[template] = self._templates_key(template)
        if templates is None:
            return make()
        full = (templates, *key())
        last = kept.get(page)
        if last is not None and last[0] == full:
            return last[1]
        text = make()
        kept[page] = (full, text)
        return text

    def _templates_key(self, name: str) -> tuple[object, ...] | None:
        """The compiled templates `name` uses, or None where one of them may read `site`.

        Jinja gives the same template object while its file is unchanged.
        """
        seen: dict[str, jinja2.Template] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            try:
                template = self.env.get_template(current)
            except jinja2.TemplateError:
                return None  # the render reports it
            seen[current] = template
            if template not in self._reads:
                source = self.env.loader.get_source(self.env, current)[0] if self.env.loader else ""
                tree = self.env.parse(source)
                found = list(meta.find_referenced_templates(tree))
                self._reads[template] = (
                    "site" in meta.find_undeclared_variables(tree),
                    None if None in found else tuple(r for r in found if r is not None),
                )
            reads_site, refs = self._reads[template]
            if reads_site or refs is None:  # a computed name could lead anywhere
                return None
            todo.extend(refs)
        return tuple(sorted(seen.items()))

    def _api_page(self, site: Site, api: ApiEntry, links: Links, page: str) -> str:
        return self.render(
            "api.md.j2",
            site=site,
            api=api,
            page=page,
            title=md_text(api.title),
            front_matter=front_matter(title=api.title, description=describe(api)),
            examples=[
                example_view(
                    e,
                    page=page,
                    also_uses=links.also_uses[(api.api, e.number)],
                    numbered_chunks=self.numbered_chunks,
                    upstream=upstream_view(site, api, e),
                )
                for e in api.examples
            ],
            used_in=links.used_in.get(api.api, []),
        )

    def table(self, groups: list[LibraryGroup], page: str, *, headings: bool = True) -> str:
        """The library -> module -> API table, with links relative to `page`; kept while its
        groups' entries and the compiled templates are unchanged."""
        shown = _shown_in_table if self._default("toc.md.j2") else self._group_key
        return self._kept_or_made(
            self._tables,
            page,
            "toc.md.j2",
            lambda: (headings, *map(shown, groups)),
            lambda: self.render("toc.md.j2", groups=groups, page=page, headings=headings),
        )

    def _default(self, name: str) -> bool:
        """Whether the template `name` is the one this package ships (no site overrides it)."""
        try:
            filename = self.env.get_template(name).filename
        except jinja2.TemplateError:
            return False
        return filename is not None and Path(filename).parent == TEMPLATES

    def home_page(self, site: Site, text: str | None = None) -> str:
        """The home page: `text` with the table at its marker, or the generated home page."""
        table = self.table(libraries(site), HOME)
        if text is None:
            return self.render("home.md.j2", site=site, table=table, page=HOME)
        return text.replace(TOC_MARKER, table.strip("\n"), 1)

    def library_page(self, site: Site, group: LibraryGroup) -> str:
        """The library's page; kept while its group's entries and the compiled templates are
        unchanged."""
        page = library_path(group.id)
        return self._kept_or_made(
            self._kept,
            page,
            "library.md.j2",
            lambda: self._group_key(group),
            lambda: self._library_page(site, group, page),
        )

    def _library_page(self, site: Site, group: LibraryGroup, page: str) -> str:
        return self.render(
            "library.md.j2",
            site=site,
            library=group,
            page=page,
            title=md_text(group.name),
            front_matter=front_matter(
                title=f"{plain(group.name)} Example Code",
                description=f"Python example code for {plain(group.name)}: "
                f"{plural(len(group.apis), 'API page')} with {plural(group.examples, 'example')} "
                "from open-source projects."
                if group.apis
                else f"Python example code for {plain(group.name)}.",
            ),
            table=self.table([group], page, headings=False) if group.apis else "",
        )

    def project_page(self, site: Site, project: ProjectEntry, links: Links) -> str:
        """The project's page; kept while its entry, the examples quoting it (with their
        pages' entries) and the compiled templates are unchanged."""
        page = project_path(project.id)
        return self._kept_or_made(
            self._kept,
            page,
            "project.md.j2",
            lambda: (
                project.model,
                project.doc,
                tuple(
                    (r.example.number, self._entry_key(r.api))
                    for r in links.by_project.get(project.id, [])
                ),
            ),
            lambda: self._project_page(site, project, links, page),
        )

    def _project_page(self, site: Site, project: ProjectEntry, links: Links, page: str) -> str:
        name = plain(project.model.name)
        return self.render(
            "project.md.j2",
            site=site,
            project=project,
            page=page,
            title=md_text(project.model.name),
            front_matter=front_matter(
                title=f"{name} Example Code",
                description=f"Python example code from the {name} project, "
                "linked to the pages of the APIs it uses.",
            ),
            license=license_markdown(project.model.license),
            links=[(md_text(k), url_text(v)) for k, v in project.model.links.items()],
            examples=links.by_project.get(project.id, []),
        )

    def projects_page(self, site: Site, links: Links) -> str:
        projects = sorted(site.projects.values(), key=lambda p: (p.model.name.lower(), p.id))
        return self.render(
            "projects.md.j2",
            site=site,
            page=PROJECTS,
            projects=[(p, len(links.by_project.get(p.id, []))) for p in projects],
            front_matter=front_matter(
                title="Projects",
                description="The open-source projects whose code the examples quote.",
            ),
        )

    def freshness_page(self, site: Site) -> str:
        """Every example by what `verify --record` found upstream."""
        sections = status_sections(site)
        return self.render(
            "freshness.md.j2",
            site=site,
            page=FRESHNESS,
            sections=sections,
            counts=[(STATUS_WORDS.get(status, status), len(rows)) for status, _, rows in sections],
            examples=sum(len(api.examples) for api in site.apis),
            front_matter=front_matter(
                title="Upstream freshness",
                description="Where each example's quoted lines stand in its project's "
                "repository today, as last recorded.",
            ),
        )

    def pages(self, site: Site) -> dict[str, str]:
        """Every generated page, keyed by its Markdown path.

        The home page is the content folder's hand-written `index.md` with the table at its
        marker, or the generated home page when there is none.
        """
        self._keys, self._entry_used = {}, {}
        try:
            pages = self._pages(site)
            self._entry_keys = self._entry_used
        finally:
            self._keys = self._entry_used = None
        for kept in (self._kept, self._tables):
            for gone in kept.keys() - pages.keys():
                del kept[gone]
        return pages

    def _pages(self, site: Site) -> dict[str, str]:
        links = cross_links(site, self._links)
        pages = {HOME: self.home_page(site, site.home)}
        pages.update({api_path(api.api): self.api_page(site, api, links) for api in site.apis})
        pages.update({library_path(g.id): self.library_page(site, g) for g in libraries(site)})
        if site.projects:
            pages[PROJECTS] = self.projects_page(site, links)
        pages.update(
            {project_path(p.id): self.project_page(site, p, links) for p in site.projects.values()}
        )
        if site.freshness is not None:
            pages[FRESHNESS] = self.freshness_page(site)
        return pages

    def _entry_key(self, api: ApiEntry) -> tuple[object, ...]:
        """`_entry_key(api)`, once per entry while `pages` runs, and kept for the next call
        while the entry is the same object."""
        used = self._entry_used
        if used is None:
            return _entry_key(api)
        found = used.get(id(api))
        if found is None:
            last = self._entry_keys.get(id(api))
            found = used[id(api)] = (
                last
                if last is not None and last[0] is api
                else (
                    api,
                    _entry_key(api),
                )
            )
        return found[1]

    def _group_key(self, group: LibraryGroup) -> tuple[object, ...]:
        """All a template can reach from a library's group: its entry, modules and APIs."""
        entry = group.entry
        return (
            group.id,
            (entry.model, entry.doc) if entry is not None else None,
            tuple((m.module, tuple(self._entry_key(api) for api in m.apis)) for m in group.modules),
        )


def _shown_in_table(group: LibraryGroup) -> tuple[object, ...]:
    """All the default table template shows of a library's group: names, kinds, counts."""
    return (
        group.id,
        group.name,
        tuple(
            (m.module, tuple((a.api, a.model.kind, len(a.examples)) for a in m.apis))
            for m in group.modules
        ),
    )


def _entry_key(api: ApiEntry) -> tuple[object, ...]:
    """All a template can reach from an API's entry; models first, the likeliest to differ."""
    return (
        api.model,
        *[
            (e.model, e.number, e.highlight, e.analysis, e.project.id, e.project.model)
            for e in api.examples
        ],
        api.doc,
        *[e.project.doc for e in api.examples],
    )


def _template_frame(error: BaseException, folders: tuple[Path, ...]) -> tuple[str, int] | None:
    """The file and line of the innermost template `error` passed through.

    Jinja rewrites a render's traceback so that each template's frame names the template's
    file and the line in it.
    """
    roots = [str(folder.resolve()) for folder in folders]
    found = None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if os.path.isabs(filename) or os.sep in filename or "/" in filename:
            resolved = os.path.realpath(filename)
            if any(resolved.startswith(root + os.sep) for root in roots):
                found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(filename: str) -> str:
    """A template's file as a message names it: relative to the working folder below it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive
        return filename
    return Path(relative).as_posix() if not relative.startswith("..") else filename
