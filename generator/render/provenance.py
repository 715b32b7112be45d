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


def examples_json(site: Site, *, site_url: str | None = None, directory_urls: bool = True) -> str:
    """The text of `examples.json` for `site`: the same for the same content."""
    examples = [
        record(api, example, directory_urls=directory_urls)
        for api in sorted(site.apis, key=lambda a: a.api)
        for example in api.examples
    ]
    data = ExamplesFile(format=FORMAT, site_url=site_url or None, examples=examples)
    return json.dumps(data.model_dump(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def site_records(
    site: Site, *, project: str, site_url: str | None, directory_urls: bool
) -> dict[str, bytes]:
    """The files a build writes at the site root besides the pages: `objects.inv`, for
    intersphinx and mkdocs-autorefs, and `examples.json`, every example's provenance."""
    return {
        "objects.inv": inventory(site, project=project, directory_urls=directory_urls),
        "examples.json": examples_json(
            site, site_url=site_url, directory_urls=directory_urls
        ).encode("utf-8"),
    }
