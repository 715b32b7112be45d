"""What a template shows of an example: plain values, escaped and linked, from checked content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..checks.snippets import chunks, contiguous_length, snippet_lines
from ..content import licenses
from ..content.entries import ApiEntry, ExampleEntry, ProjectEntry, Site
from ..content.models import Example, repo_name
from .forges import blob_url

if TYPE_CHECKING:
    from .freshness import UpstreamView
from .markup import fence_for, md_text, relative, url_text
from .structure import api_path, project_path


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
    upstream: UpstreamView | None = None
    """What `verify --record` found of the quoted lines upstream, if it ran."""


def upstream_numbers(model: Example) -> tuple[int | None, ...] | None:
    """The upstream line of each snippet line (None on '# ...' lines and the blank lines
    around them), when `line` lists the start of every chunk; None otherwise."""
    starts = model.chunk_lines
    if starts is None:
        return None
    lines = snippet_lines(model.code)
    found = chunks(lines)
    if len(starts) != len(found):
        return None
    numbers: list[int | None] = [None] * len(lines)
    for (start, chunk), upstream in zip(found, starts, strict=True):
        # a blank line next to a '# ...' line may be the excerpt's own spacing: no number
        text = [i for i, line in enumerate(chunk) if line.strip()]
        for offset in range(text[0], text[-1] + 1) if text else ():
            numbers[start + offset] = upstream + offset
    return tuple(numbers)


def chunk_numbers(site: Site) -> dict[str, dict[str, tuple[int | None, ...]]]:
    """Per API page, the upstream line numbers of each example whose chunks jump."""
    result: dict[str, dict[str, tuple[int | None, ...]]] = {}
    for api in site.apis:
        for example in api.examples:
            numbers = upstream_numbers(example.model)
            if numbers is not None:
                result.setdefault(api_path(api.api), {})[f"example-{example.number}"] = numbers
    return result


def _used_range(
    numbers: tuple[int | None, ...], highlight: tuple[int, ...]
) -> tuple[int | None, int | None]:
    """The upstream lines from the first to the last highlighted line, else the first chunk."""
    used = [n for i in highlight if 0 < i <= len(numbers) and (n := numbers[i - 1]) is not None]
    if not used:  # the first run of numbered lines
        numbered = [n for n in numbers if n is not None]
        used = numbered[:1]
        while used and used[-1] + 1 in numbered:
            used.append(used[-1] + 1)
    return (min(used), max(used)) if used else (None, None)


def example_view(
    example: ExampleEntry,
    *,
    page: str = "",
    also_uses: list[ApiEntry] | None = None,
    numbered_chunks: bool = False,
    upstream: UpstreamView | None = None,
) -> ExampleView:
    """What a template shows of one example; links are relative to the Markdown path `page`.

    With `numbered_chunks`, an excerpt whose `line` lists each chunk's start gets line
    numbers that the engine then replaces with the upstream ones (`engine.htmlpost.renumber`);
    an engine that cannot shows no numbers rather than wrong ones.
    """
    model = example.model
    project = example.project.model
    lines = snippet_lines(model.code)
    span = contiguous_length(lines)
    start, end = model.first_line, None
    if model.first_line and span:
        end = model.first_line + span - 1
    numbers = upstream_numbers(model)
    if numbers is not None:
        start, end = _used_range(numbers, example.highlight)
    info = ["python", f'title="{model.file}"']
    if model.first_line and (span or (numbers is not None and numbered_chunks)):
        info.append(f'linenums="{model.first_line}"')
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
        source_url=url_text(blob_url(project.repo, model.ref, model.file, start, end)),
        fence=fence_for(code),
        info=" ".join(info),
        code=code,
        anchor=f"example-{example.number}",
        project_page=relative(project_path(example.project.id), page),
        also_uses=tuple(
            (md_text(other.api), relative(api_path(other.api), page)) for other in also_uses or []
        ),
        upstream=upstream,
    )


def describe(api: ApiEntry) -> str:
    kind = api.model.kind
    where = f" from the {api.module} module" if api.module else ""
    return f"Python example code for the {api.name} {kind}{where}."
