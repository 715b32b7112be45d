"""What pages show of the freshness record: a line on each example, and the status page.

Only what `verify --record` wrote is shown, with the HEAD commit and date it was found at:
a build reads no clone and no network, and without a record nothing is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.entries import ApiEntry, ExampleEntry, Site
from ..content.freshness import Entry
from .forges import blob_url, tree_url
from .markup import md_text, relative, url_text
from .structure import FRESHNESS, api_path

SECTIONS = (
    ("changed", "Changed upstream"),
    ("gone", "Gone upstream"),
    ("moved", "Moved upstream"),
    ("unchanged", "Unchanged upstream"),
    ("unrecorded", "Not recorded"),
)
"""The status page's sections, in order: what needs an author's eye first."""
STATUS_WORDS = {"unrecorded": "not recorded"}
"""How the status page's counts name a status that is not one word of the record."""
SHORT = 7


@dataclass(frozen=True)
class UpstreamView:
    """One example's record, ready for a template: every text escaped, every URL made safe.

    `status` is unchanged, moved, changed or gone; `url` opens the file at the recorded HEAD
    (at the quoted lines when they are there; the repository's files when the file is gone).
    """

    status: str
    sha: str
    head: str
    date: str
    url: str
    file: str
    lines: str
    moved_file: bool


def upstream_view(site: Site, api: ApiEntry, example: ExampleEntry) -> UpstreamView | None:
    """The record of `example`, or None when the site has no (current) record of it."""
    entry = entry_of(site, api, example)
    if entry is None:
        return None
    repo = example.project.model.repo
    if entry.status == "gone" or entry.at is None:
        url = tree_url(repo, entry.head)
    elif entry.lines is not None:
        url = blob_url(repo, entry.head, entry.at, entry.lines[0], entry.lines[1])
    else:
        url = blob_url(repo, entry.head, entry.at)
    lines = ""
    if entry.lines is not None:
        a, b = entry.lines
        lines = f"{a}-{b}" if b != a else str(a)
    return UpstreamView(
        status=entry.status,
        sha=entry.head[:SHORT],
        head=entry.head,
        date=entry.date,
        url=url_text(url),
        file=md_text(entry.at or entry.file),
        lines=lines,
        moved_file=entry.at is not None and entry.at != entry.file,
    )


def entry_of(site: Site, api: ApiEntry, example: ExampleEntry) -> Entry | None:
    if site.freshness is None:
        return None
    return site.freshness.entries.get((api.api, example.number))


@dataclass(frozen=True)
class StatusRow:
    """One example on the status page."""

    link: str
    api: str
    number: int
    project: str
    file: str
    upstream: UpstreamView | None


def status_sections(site: Site) -> list[tuple[str, str, list[StatusRow]]]:
    """(status, heading, rows) of each non-empty section of the status page."""
    rows: dict[str, list[StatusRow]] = {status: [] for status, _ in SECTIONS}
    for api in sorted(site.apis, key=lambda a: a.api):
        for example in api.examples:
            view = upstream_view(site, api, example)
            rows[view.status if view else "unrecorded"].append(
                StatusRow(
                    link=relative(api_path(api.api), FRESHNESS) + f"#example-{example.number}",
                    api=md_text(api.api),
                    number=example.number,
                    project=md_text(example.project.model.name),
                    file=md_text(example.model.file),
                    upstream=view,
                )
            )
    return [(status, heading, rows[status]) for status, heading in SECTIONS if rows[status]]
