"""Render checked content to Markdown pages through the site's Jinja templates."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from generator import licenses
from generator.content import ApiEntry, ExampleEntry, ProjectEntry, Site
from generator.snippets import contiguous_length, snippet_lines

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


def api_path(api: str) -> str:
    """The Markdown path of an API's page, relative to the docs root."""
    return f"api/{api}.md"


def project_path(project_id: str) -> str:
    return f"projects/{project_id}.md"


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


def license_markdown(expression: str) -> str:
    """The expression with each license linked by its SPDX name."""
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


def example_view(example: ExampleEntry) -> ExampleView:
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

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def api_page(self, site: Site, api: ApiEntry) -> str:
        return self.render(
            "api.md.j2",
            site=site,
            api=api,
            title=md_text(api.title),
            front_matter=front_matter(title=api.title, description=describe(api)),
            examples=[example_view(e) for e in api.examples],
        )

    def pages(self, site: Site) -> dict[str, str]:
        """Every generated page, keyed by its Markdown path."""
        return {api_path(api.api): self.api_page(site, api) for api in site.apis}
