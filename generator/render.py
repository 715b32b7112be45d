"""Render checked content to Markdown pages through the site's Jinja templates."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from generator import licenses
from generator.content import ApiEntry, ExampleEntry, ProjectEntry, Site
from generator.site import (
    HOME,
    PROJECTS,
    LibraryGroup,
    Links,
    api_path,
    cross_links,
    libraries,
    library_path,
    plain,
    project_path,
)
from generator.snippets import contiguous_length, snippet_lines

TOC_MARKER = "<!-- example-pages:toc -->"
"""Where a hand-written home page asks for the table of every API page."""

__all__ = ["TOC_MARKER", "Renderer", "api_path", "md_text", "project_path", "source_url"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")


def md_text(text: str) -> str:
    """Plain text made safe to place in Markdown: no markup, no HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def url_text(url: str) -> str:
    """A URL made safe to place inside a Markdown link's parentheses."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def fence_for(code: str) -> str:
    """A backtick fence longer than any backtick run inside `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


@lru_cache(maxsize=1 << 16)
def relative(target: str, source: str) -> str:
    """The link from the page at Markdown path `source` to the page at `target`."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def repo_name(repo: str) -> str:
    return repo.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]


def source_url(repo: str, ref: str, file: str, start: int | None, end: int | None) -> str:
    """The web address of `file` at `ref`, with the line range when known."""
    base = repo.rstrip("/").removesuffix(".git")
    host = urlsplit(base).netloc.lower()
    path = quote(file, safe="/")
    ref_part = quote(ref, safe="/")
    if host == "gitlab.com" or host.startswith("gitlab."):
        url, lines = f"{base}/-/blob/{ref_part}/{path}", f"#L{start}-{end}"
    elif host == "bitbucket.org":
        url, lines = f"{base}/src/{ref_part}/{path}", f"#lines-{start}:{end}"
    elif host == "codeberg.org":
        url, lines = f"{base}/src/commit/{ref_part}/{path}", f"#L{start}-L{end}"
    else:
        url, lines = f"{base}/blob/{ref_part}/{path}", f"#L{start}-L{end}"
    if start is None:
        return url
    if end is None or end == start:
        return url + lines.split("-")[0].replace(":", "")
    return url + lines


@lru_cache(maxsize=4096)
def license_markdown(expression: str) -> str:
    """What a page says of a project's license: the expression, each license linked."""
    if expression == licenses.NOT_STATED:
        return "states no license here: check its repository before reusing this code"
    return "is open source under the " + _linked_expression(expression)


def _linked_expression(expression: str) -> str:
    terms = {t.id: t for t in licenses.terms(expression)}
    words = []
    for token in re.findall(r"\(|\)|[^\s()]+", expression):
        if token in terms:
            words.append(f"[{md_text(terms[token].name)}]({terms[token].url})")
        elif token in ("AND", "OR", "WITH"):
            words.append(token.lower())
        else:
            words.append(token)
    return " ".join(words).replace("( ", "(").replace(" )", ")")


@dataclass(frozen=True)
class ExampleView:
    number: int
    project: ProjectEntry
    project_name: str
    description: str | None
    license: str
    links: list[tuple[str, str]]
    breadcrumb: str
    source_url: str
    fence: str
    info: str
    code: str
    anchor: str
    project_page: str
    also_uses: tuple[tuple[str, str], ...]


def example_view(
    example: ExampleEntry, *, page: str = "", also_uses: list[ApiEntry] | None = None
) -> ExampleView:
    """What a template shows of one example; links are relative to the Markdown path `page`."""
    model = example.model
    project = example.project.model
    lines = snippet_lines(model.code)
    span = contiguous_length(lines)
    end = model.line + span - 1 if model.line and span else None
    info = ["python", f'title="{model.file}"']
    if model.line and span:
        info.append(f'linenums="{model.line}"')
    if example.highlight:
        info.append(f'hl_lines="{" ".join(map(str, example.highlight))}"')
    code = "\n".join(lines)
    return ExampleView(
        number=example.number,
        project=example.project,
        project_name=md_text(project.name),
        description=model.description,
        license=license_markdown(project.license),
        links=[(md_text(label), url_text(url)) for label, url in project.links.items()],
        breadcrumb=md_text(" / ".join([repo_name(project.repo), *model.file.split("/")])),
        source_url=url_text(source_url(project.repo, model.ref, model.file, model.line, end)),
        fence=fence_for(code),
        info=" ".join(info),
        code=code,
        anchor=f"example-{example.number}",
        project_page=relative(project_path(example.project.id), page),
        also_uses=tuple(
            (md_text(other.api), relative(api_path(other.api), page)) for other in also_uses or []
        ),
    )


def front_matter(**values: Any) -> str:
    """A YAML front matter block; JSON-quoted values are valid YAML and cannot break out."""
    body = "\n".join(f"{key}: {json.dumps(value)}" for key, value in values.items())
    return f"---\n{body}\n---"


def describe(api: ApiEntry) -> str:
    kind = api.model.kind
    where = f" from the {api.module} module" if api.module else ""
    return f"Python example code for the {api.name} {kind}{where}."


class Renderer:
    """Owns the Jinja environment: templates come from the site's templates folder."""

    def __init__(self, templates: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
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

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def api_page(self, site: Site, api: ApiEntry, links: Links | None = None) -> str:
        links = links or cross_links(site)
        page = api_path(api.api)
        return self.render(
            "api.md.j2",
            site=site,
            api=api,
            page=page,
            title=md_text(api.title),
            front_matter=front_matter(title=api.title, description=describe(api)),
            examples=[
                example_view(e, page=page, also_uses=links.also_uses[(api.api, e.number)])
                for e in api.examples
            ],
            used_in=links.used_in.get(api.api, []),
        )

    def table(self, groups: list[LibraryGroup], page: str, *, headings: bool = True) -> str:
        """The library -> module -> API table, with links relative to `page`."""
        return self.render("toc.md.j2", groups=groups, page=page, headings=headings)

    def home_page(self, site: Site, text: str | None = None) -> str:
        """The home page: `text` with the table at its marker, or the generated home page."""
        table = self.table(libraries(site), HOME)
        if text is None:
            return self.render("home.md.j2", site=site, table=table, page=HOME)
        return text.replace(TOC_MARKER, table.strip("\n"), 1)

    def library_page(self, site: Site, group: LibraryGroup) -> str:
        page = library_path(group.id)
        noun = "page" if len(group.apis) == 1 else "pages"
        return self.render(
            "library.md.j2",
            site=site,
            library=group,
            page=page,
            title=md_text(group.name),
            front_matter=front_matter(
                title=f"{plain(group.name)} Example Code",
                description=f"Python example code for {plain(group.name)}: "
                f"{len(group.apis)} API {noun} with {group.examples} examples "
                "from open-source projects."
                if group.apis
                else f"Python example code for {plain(group.name)}.",
            ),
            table=self.table([group], page, headings=False) if group.apis else "",
        )

    def project_page(self, site: Site, project: ProjectEntry, links: Links) -> str:
        page = project_path(project.id)
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

    def pages(self, site: Site, *, home: str | None = None) -> dict[str, str]:
        """Every generated page, keyed by its Markdown path.

        The home page is `home` (hand-written Markdown) with the table at its marker; without
        it, `index.md` of the content folder if there is one, else the generated home page.
        """
        if home is None and (site.root / HOME).is_file():
            home = (site.root / HOME).read_text(encoding="utf-8")
        links = cross_links(site)
        pages = {HOME: self.home_page(site, home)}
        pages.update({api_path(api.api): self.api_page(site, api, links) for api in site.apis})
        pages.update({library_path(g.id): self.library_page(site, g) for g in libraries(site)})
        if site.projects:
            pages[PROJECTS] = self.projects_page(site, links)
        pages.update(
            {project_path(p.id): self.project_page(site, p, links) for p in site.projects.values()}
        )
        return pages
