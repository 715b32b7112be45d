"""The freshness record: its model and loader, what pages show of it, forge URLs, origins."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from example_pages.authoring.findings import Report, Upstream
from example_pages.authoring.origins import normalise, shown
from example_pages.authoring.record import record_entries
from example_pages.authoring.upstream import HeadState, head_state
from example_pages.content.freshness import load_freshness, record_text
from example_pages.content.load import load_site
from example_pages.content.models import Example
from example_pages.errors import ContentError
from example_pages.render.forges import blob_url, tree_url
from example_pages.render.renderer import Renderer
from example_pages.render.structure import FRESHNESS, nav
from example_pages.resources import STARTER
from tests.conftest import STARTER_CONTENT

API = "django.dispatch.Signal"
HEAD = "c0ffee" + "0" * 34
ENTRY = {
    "api": API,
    "example": 3,
    "project": "django-easy-timezones",
    "file": "easy_timezones/signals.py",
    "ref": "a25c6312a7ecb3ebfac7b2c458b1c5be5d45a239",
    "status": "unchanged",
    "head": HEAD,
    "date": "2026-12-05",
    "at": "easy_timezones/signals.py",
    "lines": [1, 4],
}
PAGE = f"api/{API}.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(STARTER_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def write(content: Path, *entries: dict[str, object]) -> None:
    (content / "freshness.yml").write_text(record_text(list(entries)))


def problems(content: Path) -> list[str]:
    try:
        site = load_site(content, root=content.parent)
    except ContentError as e:
        return [f"{p.severity}: {p}" for p in e.problems]
    return [f"{p.severity}: {p}" for p in site.warnings]


def test_the_record_round_trips_in_a_stable_order(content: Path) -> None:
    later = {**ENTRY, "example": 6, "project": "django-cors-headers"}
    write(content, later, ENTRY)
    text = (content / "freshness.yml").read_text()
    assert text.splitlines()[:9] == [
        "# yaml-language-server: $schema=../schemas/freshness.schema.json",
        "# Where each example's quoted lines stand upstream, as",
        "# `example-pages verify --sources DIR --record` found them in local clones.",
        "# Written by that command: run it again rather than editing this file.",
        "format: 1",
        "examples:",
        f'- api: "{API}"',
        "  example: 3",
        '  project: "django-easy-timezones"',
    ]
    site = load_site(content, root=content.parent)
    assert site.freshness is not None
    entry = site.freshness.entries[(API, 3)]
    assert entry.model_dump() == ENTRY
    # example 6 names another project now: kept out of the pages, not a problem
    assert site.freshness.outdated == {(API, 6)}
    assert site.warnings == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"head": "HEAD"},
            f"error: content/freshness.yml:13:10: {API} example 3: 'head': 'HEAD' is not a full "
            "commit SHA (40 hex digits)",
        ),
        (
            {"status": "stale"},
            f"error: content/freshness.yml:12:12: {API} example 3: 'status': 'stale' is not one "
            "of 'unchanged', 'moved', 'changed' or 'gone'; use one of them",
        ),
        (
            {"file": "../../etc/passwd"},
            f"error: content/freshness.yml:10:10: {API} example 3: 'file': '../../etc/passwd' is "
            "not a file path inside the repository; write it relative to the repository root "
            "with forward slashes, such as src/package/module.py",
        ),
        (
            {"date": "yesterday"},
            f"error: content/freshness.yml:14:10: {API} example 3: 'date': 'yesterday' is not a "
            "date written as YYYY-MM-DD",
        ),
        (
            {"lines": [4, 1]},
            f"error: content/freshness.yml:7:3: {API} example 3: `lines` [4, 1] ends before "
            "it starts",
        ),
        (
            {"status": "gone"},
            f"error: content/freshness.yml:7:3: {API} example 3: a file gone upstream has no "
            "`at` or `lines`; remove them",
        ),
        (
            {"status": "changed"},
            f"error: content/freshness.yml:7:3: {API} example 3: `changed` has no `lines`, the "
            "first and last line at HEAD",
        ),
        (
            {"example": 9},
            f"warning: content/freshness.yml:7:3: {API} example 9 is not an example of the "
            "site; run `example-pages verify --sources DIR --record` to write the record again",
        ),
    ],
)
def test_a_bad_entry_is_located(content: Path, change: dict[str, object], expected: str) -> None:
    write(content, {**ENTRY, **change})
    assert problems(content) == [expected]


def test_a_hostile_record_is_refused_where_it_starts(content: Path) -> None:
    (content / "freshness.yml").write_text("- just a list\n")
    assert problems(content) == [
        "error: content/freshness.yml:1:1: Expected type: mapping but received: list; the "
        "record holds `format: 1` and `examples:`, as `example-pages verify --sources DIR "
        "--record` writes it"
    ]
    (content / "freshness.yml").write_text(
        record_text([ENTRY]).replace("format: 1", "format: 1\nscript: x")
    )
    assert problems(content) == [
        "error: content/freshness.yml:6:1: unknown key 'script'; valid keys: format, examples"
    ]
    write(content, ENTRY, ENTRY)
    assert problems(content) == [
        f"error: content/freshness.yml:17:3: {API} example 3 is recorded twice; run "
        "`example-pages verify --sources DIR --record` to write the record again"
    ]


def test_without_a_record_nothing_is_claimed(content: Path) -> None:
    site = load_site(content, root=content.parent)
    assert site.freshness is None
    pages = Renderer().pages(site)
    assert FRESHNESS not in pages
    assert "upstream" not in pages[PAGE].lower().replace("upstream_", "")
    assert {"Freshness": FRESHNESS} not in nav(site)
    assert load_freshness(content, site.apis, root=None, max_bytes=1000) == (None, [])


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            {},
            "Unchanged upstream at [`c0ffee0`](https://github.com/Miserlou/django-easy-timezones"
            f"/blob/{HEAD}/easy_timezones/signals.py#L1-L4) (2026-12-05).",
        ),
        (
            {"status": "moved", "at": "src/easy_timezones/signals.py", "lines": [3, 6]},
            "Moved upstream: at [`c0ffee0`](https://github.com/Miserlou/django-easy-timezones"
            f"/blob/{HEAD}/src/easy_timezones/signals.py#L3-L6) (2026-12-05) these are lines "
            "3-6 of src/easy\\_timezones/signals.py.",
        ),
        (
            {"status": "changed", "lines": None},
            "Changed upstream since: see [the file at `c0ffee0`](https://github.com/Miserlou/"
            f"django-easy-timezones/blob/{HEAD}/easy_timezones/signals.py) (2026-12-05).",
        ),
        (
            {"status": "gone", "lines": None, "at": None},
            "Gone upstream: the file is not in [`c0ffee0`](https://github.com/Miserlou/"
            f"django-easy-timezones/tree/{HEAD}) (2026-12-05).",
        ),
    ],
)
def test_each_status_gives_the_example_one_line(
    content: Path, change: dict[str, object], line: str
) -> None:
    write(content, {**ENTRY, **change})
    site = load_site(content, root=content.parent)
    page = Renderer().pages(site)[PAGE]
    example_3 = page[page.index("## Example 3") : page.index("## Example 4")]
    assert f"\n{line}\n" in example_3
    assert "upstream" not in page[page.index("## Example 4") :].lower()


def test_the_status_page_lists_every_example_by_status(content: Path) -> None:
    aldryn = {
        "example": 2,
        "project": "aldryn-accounts",
        "file": "aldryn_accounts/signals.py",
        "ref": "e4bd60354547945a8e80cc692c0080582dd0d846",
        "status": "changed",
        "at": "aldryn_accounts/signals.py",
        "lines": None,
    }
    write(content, ENTRY, {**ENTRY, **aldryn})
    site = load_site(content, root=content.parent)
    assert nav(site)[-1] == {"Freshness": FRESHNESS}
    page = Renderer().pages(site)[FRESHNESS]
    assert "6 examples: 1 changed, 1 unchanged, 4 not recorded." in page
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Changed upstream {#changed}",
        "## Unchanged upstream {#unchanged}",
        "## Not recorded {#unrecorded}",
    ]
    assert (
        f"| [django.dispatch.Signal, example 3](api/{API}.md#example-3) | django-easy-timezones "
        "| easy\\_timezones/signals.py | [`c0ffee0`](https://github.com/Miserlou/"
        f"django-easy-timezones/blob/{HEAD}/easy_timezones/signals.py#L1-L4) (2026-12-05) |"
    ) in page
    assert page.count("not recorded for the example as it is now") == 4


@pytest.mark.parametrize(
    ("repo", "blob", "tree"),
    [
        ("https://github.com/o/r", "/blob/s/a%20b.py#L2-L3", "/tree/s"),
        ("https://gitlab.com/g/r.git", "/-/blob/s/a%20b.py#L2-3", "/-/tree/s"),
        ("https://bitbucket.org/o/r/", "/src/s/a%20b.py#lines-2:3", "/src/s"),
        ("https://codeberg.org/o/r", "/src/commit/s/a%20b.py#L2-L3", "/src/commit/s"),
    ],
)
def test_forge_addresses(repo: str, blob: str, tree: str) -> None:
    base = repo.rstrip("/").removesuffix(".git")
    assert blob_url(repo, "s", "a b.py", 2, 3) == base + blob
    assert tree_url(repo, "s") == base + tree


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/O/R", "github.com/o/r"),
        ("https://GitHub.com/o/r.git/", "github.com/o/r"),
        ("http://github.com/o/r/", "github.com/o/r"),
        ("git@github.com:o/r.git", "github.com/o/r"),
        ("ssh://git@github.com:22/o/r", "github.com/o/r"),
        ("git://github.com/o/r.git", "github.com/o/r"),
        ("https://user:token@github.com/o/r", "github.com/o/r"),
        ("https://github.com/o/r2", "github.com/o/r2"),
        ("/srv/mirrors/r", None),
        ("file:///srv/mirrors/r", None),
        ("../r", None),
        ("C:/mirrors/r", None),
    ],
)
def test_remote_addresses_are_normalised(url: str, expected: str | None) -> None:
    assert normalise(url) == expected


def test_a_token_in_an_address_is_never_shown() -> None:
    assert shown("https://user:token@github.com/o/r") == "https://github.com/o/r"
    assert shown("git@github.com:o/r") == "git@github.com:o/r"


class _Blobs:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def text(self, spec: str) -> str | None:
        return self.files.get(spec.partition(":")[2])


SNIPPET = "from demo import Signal\n# ...\nsent = Signal()\n"
FILE = "from demo import Signal\n\n\nsent = Signal()\n"


@pytest.mark.parametrize(
    ("files", "status", "lines"),
    [
        ({"a.py": FILE}, "unchanged", (1, 4)),
        ({"a.py": "# header\n" + FILE}, "moved", (2, 5)),
        ({"a.py": FILE.replace("sent", "done")}, "changed", None),
        ({}, "gone", None),
    ],
)
def test_where_the_lines_stand_at_head(
    files: dict[str, str], status: str, lines: tuple[int, int] | None
) -> None:
    model = Example(project="p", file="a.py", ref="main", line=[1, 4], code=SNIPPET)
    state = head_state(Path("."), _Blobs(files), "h", model, None)
    assert (state.status(model), state.lines(model)) == (status, lines)
    assert isinstance(state, HeadState)


def test_the_starter_workflow_is_disabled_pinned_and_holds_no_credentials() -> None:
    path = STARTER / "github" / "workflows" / "freshness.yml.example"
    text = path.read_text()
    assert not path.name.endswith((".yml", ".yaml"))  # GitHub runs only those
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert set(job["permissions"]) == {"contents", "pull-requests"}
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    uses = re.findall(r"uses: \S+@[0-9a-f]{40}  # (v\d+\.\d+\.\d+)\n", text)
    assert len(uses) == 2
    assert "${{" not in "".join(step.get("run", "") for step in workflow["jobs"]["record"]["steps"])


def test_a_kept_page_follows_its_record(content: Path) -> None:
    renderer = Renderer()
    write(content, ENTRY)
    before = renderer.pages(load_site(content, root=content.parent))[PAGE]
    write(content, {**ENTRY, "status": "changed", "lines": None})
    after = renderer.pages(load_site(content, root=content.parent))[PAGE]
    assert "Unchanged upstream" in before and "Unchanged upstream" not in after
    assert "Changed upstream since" in after


def test_a_recorded_path_cannot_write_markup(content: Path) -> None:
    hostile = "a](javascript:alert(1))/x.py"
    write(content, {**ENTRY, "status": "moved", "at": hostile})
    site = load_site(content, root=content.parent)
    page = Renderer().pages(site)[PAGE]
    line = next(line for line in page.splitlines() if line.startswith("Moved upstream"))
    assert line == (
        "Moved upstream: at [`c0ffee0`](https://github.com/Miserlou/django-easy-timezones/blob/"
        f"{HEAD}/a%5D%28javascript%3Aalert%281%29%29/x.py#L1-L4) (2026-12-05) these are "
        "lines 1-4 of a\\]\\(javascript:alert\\(1\\)\\)/x.py."
    )


def test_recording_again_keeps_the_entries_of_examples_not_checked(content: Path) -> None:
    write(content, ENTRY, {**ENTRY, "example": 9})  # example 9 does not exist
    site = load_site(content, root=content.parent)
    report = Report()
    found = Upstream(API, 6, "django-cors-headers", "src/corsheaders/signals.py",
                     "d896dc33491d96b0671adb12ff97769fc3a08eac", HEAD, "2026-12-06", "gone",
                     None, None)  # fmt: skip
    report.upstream[(API, 6)] = found
    entries = record_entries(site, report)
    assert [(e["example"], e["status"], e["date"]) for e in entries] == [
        (3, "unchanged", "2026-12-05"),  # not checked this time: kept as it was
        (6, "gone", "2026-12-06"),
    ]
