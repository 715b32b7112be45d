"""`examples.json`: where every example comes from, as data (schema: examples.schema.json).

Each example's API, project, SPDX license, repository, commit, path, line ranges, a permalink
to exactly those lines at that commit, and its page address with the example's anchor. Sorted
by API and example number, with sorted keys and one field a line, so that a change of content
reads as a small diff.
"""

from __future__ import annotations

import json
import re

from ..checks.snippets import contiguous_length, snippet_lines
from ..content.entries import ApiEntry, ExampleEntry, Site
from ..content.outputs import FORMAT, ExampleRecord, ExamplesFile, Lines
from .forges import blob_url
from .inventory import inventory, page_url
from .structure import api_path
from .views import upstream_numbers

_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def line_ranges(example: ExampleEntry) -> list[tuple[int, int]]:
    """The upstream lines the snippet quotes, one (first, last) per unbroken run."""
    model = example.model
    numbers = upstream_numbers(model)
    if numbers is not None:
        runs: list[tuple[int, int]] = []
        for n in numbers:
            if n is None:
                continue
            if runs and runs[-1][1] + 1 == n:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        return runs
    span = contiguous_length(snippet_lines(model.code))
    if model.first_line and span:
        return [(model.first_line, model.first_line + span - 1)]
    return []


def record(api: ApiEntry, example: ExampleEntry, *, directory_urls: bool) -> ExampleRecord:
    """One example as `examples.json` lists it."""
    model, project = example.model, example.project.model
    ranges = line_ranges(example)
    first, last = (ranges[0][0], ranges[-1][1]) if ranges else (model.first_line, None)
    commit = model.ref.lower() if _SHA.fullmatch(model.ref.lower()) else None
    anchor = f"example-{example.number}"
    page = page_url(api_path(api.api), directory_urls=directory_urls)
    return ExampleRecord(
        api=api.api,
        kind=api.model.kind,
        number=example.number,
        page=page,
        anchor=anchor,
        url=f"{page}#{anchor}",
        project=example.project.id,
        project_name=project.name,
        license=project.license,
        repository=project.repo,
        ref=model.ref,
        commit=commit,
        path=model.file,
        symbol=model.symbol,
        lines=Lines(start=first, end=last) if first is not None else None,
        ranges=[Lines(start=a, end=b) for a, b in ranges],
        source=blob_url(project.repo, model.ref, model.file, first, last),
        permalink=(blob_url(project.repo, commit, model.file, first, last) if commit else None),
    )


class Records:
    """Each API page's records as `examples.json` holds them, kept for the next build while the
    page's entry is the same object: the loader hands a `mkdocs serve` rebuild the same entry
    for a file that did not change, with the same examples (each holds its model, its
    project's entry and its analysis), so only edited pages' records are made again."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, bool], tuple[ApiEntry, list[str]]] = {}
        self._used: dict[tuple[str, bool], tuple[ApiEntry, list[str]]] = {}

    def texts(self, api: ApiEntry, *, directory_urls: bool) -> list[str]:
        """The records of `api`'s examples, each at the indentation of the list."""
        key = (api.api, directory_urls)
        kept = self._kept.get(key)
        if kept is None or kept[0] is not api:
            kept = (api, [_text(api, e, directory_urls=directory_urls) for e in api.examples])
        self._used[key] = kept
        return kept[1]

    def done(self) -> None:
        """Keep only what this build used."""
        self._kept, self._used = self._used, {}


def _text(api: ApiEntry, example: ExampleEntry, *, directory_urls: bool) -> str:
    data = record(api, example, directory_urls=directory_urls).model_dump()
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    return "  " + text.replace("\n", "\n  ")


def examples_json(
    site: Site,
    *,
    site_url: str | None = None,
    directory_urls: bool = True,
    records: Records | None = None,
) -> str:
    """The text of `examples.json` for `site`: the same for the same content, and the same
    as `json.dumps(..., indent=1, sort_keys=True, ensure_ascii=False)` of the whole file."""
    records = records or Records()
    texts = [
        text
        for api in sorted(site.apis, key=lambda a: a.api)
        for text in records.texts(api, directory_urls=directory_urls)
    ]
    records.done()
    shell = ExamplesFile(format=FORMAT, site_url=site_url or None, examples=[]).model_dump()
    text = json.dumps(shell, indent=1, sort_keys=True, ensure_ascii=False)
    if texts:
        listed = '"examples": [\n' + ",\n".join(texts) + "\n ]"
        text = text.replace('"examples": []', listed, 1)
    return text + "\n"


def site_records(
    site: Site,
    *,
    project: str,
    site_url: str | None,
    directory_urls: bool,
    records: Records | None = None,
) -> dict[str, bytes]:
    """The files a build writes at the site root besides the pages: `objects.inv`, for
    intersphinx and mkdocs-autorefs, and `examples.json`, every example's provenance.
    `records`: what the last build made, held by whoever builds again (the plugin)."""
    return {
        "objects.inv": inventory(site, project=project, directory_urls=directory_urls),
        "examples.json": examples_json(
            site, site_url=site_url, directory_urls=directory_urls, records=records
        ).encode("utf-8"),
    }
