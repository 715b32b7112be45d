"""`verify --record` against a real git repository, then a real build that shows the record."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from example_pages import cli
from tests.conftest import copy_site, mkdocs_build
from tests.gitrepo import commit, git, set_origin

REPO = "https://example.com/demo/demo-shop"
PROJECT = f"""name: demo-shop
repo: {REPO}
license: MIT
description: A made-up shop for tests.
"""
MODULE = 'from demo.events import Signal\n\n{name} = Signal()\n"""The {name} signal."""\n'
NAMES = ("kept", "shifted", "edited", "dropped", "renamed")
FILES = {f"src/shop/{name}.py": MODULE.format(name=name) for name in NAMES}
EXAMPLE = """  - project: demo-shop
    file: src/shop/{name}.py
    ref: {sha}
    line: 1
    code: |
      from demo.events import Signal

      {name} = Signal()
"""
PAGE_HEAD = "api: demo.events.Signal\nkind: class\nsummary: A made-up signal.\nexamples:\n"
PAGE = "content/apis/demo.events.Signal.yml"


Entries = dict[int, dict[str, object]]


def record(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], Entries]:
    capsys.readouterr()
    code = cli.main(["verify", "--sources", "clones", "--record"])
    out = capsys.readouterr().out.splitlines()
    data = yaml.safe_load(Path("content/freshness.yml").read_text())
    entries = {e["example"]: e for e in data["examples"] if e["api"] == "demo.events.Signal"}
    return code, out, entries


def test_record_upstream_edits_and_show_them_on_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_site(tmp_path / "p")
    monkeypatch.chdir(project)
    clone = project / "clones/demo-shop"
    first = commit(clone, FILES)
    set_origin(clone, REPO)
    (project / "content/projects/demo-shop.yml").write_text(PROJECT)
    page = PAGE_HEAD + "".join(EXAMPLE.format(name=name, sha=first) for name in NAMES)
    (project / PAGE).write_text(page)

    # a build before any record claims nothing
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    html = (project / "site/api/demo.events.Signal/index.html").read_text()
    assert "upstream" not in html.lower()
    assert not (project / "site/freshness").exists()

    code, out, entries = record(capsys)
    assert code == 0
    assert out[-1] == (
        "Recorded 5 examples in content/freshness.yml: 5 unchanged, 0 moved, 0 changed, 0 gone."
    )
    assert {n: e["status"] for n, e in entries.items()} == dict.fromkeys(range(1, 6), "unchanged")
    assert entries[1]["head"] == first and entries[1]["date"] == "2024-01-01"

    # upstream moves on: lines above one, a quoted line edited, a file deleted, one renamed
    git(clone, "rm", "-q", "src/shop/dropped.py")
    head = commit(
        clone,
        {
            "src/shop/shifted.py": "# Shifted down.\n\n" + FILES["src/shop/shifted.py"],
            "src/shop/edited.py": FILES["src/shop/edited.py"].replace("Signal()", "Signal(1)"),
        },
        moves={"src/shop/renamed.py": "src/shop/events/renamed.py"},
    )
    code, out, entries = record(capsys)
    assert code == 0
    assert out[-1] == (
        "Recorded 5 examples in content/freshness.yml: 1 unchanged, 2 moved, 1 changed, 1 gone."
    )
    got = {n: (e["status"], e.get("at"), e.get("lines")) for n, e in entries.items()}
    assert got == {
        1: ("unchanged", "src/shop/kept.py", [1, 3]),
        2: ("moved", "src/shop/shifted.py", [3, 5]),
        3: ("changed", "src/shop/edited.py", None),
        4: ("gone", None, None),
        5: ("moved", "src/shop/events/renamed.py", [1, 3]),
    }
    assert {e["head"] for e in entries.values()} == {head}
    assert {e["date"] for e in entries.values()} == {"2024-01-02"}
    # recording again finds the same: the file is left alone
    before = (project / "content/freshness.yml").stat().st_mtime_ns
    assert record(capsys)[1][-1].startswith(
        "Recorded 5 examples in content/freshness.yml (no change to the file): "
    )
    assert (project / "content/freshness.yml").stat().st_mtime_ns == before

    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    html = (project / "site/api/demo.events.Signal/index.html").read_text()
    blob = f"{REPO}/blob/{head}/src/shop"
    short = f"<code>{head[:7]}</code>"
    for line in (
        f'Unchanged upstream at <a href="{blob}/kept.py#L1-L3">{short}</a> (2024-01-02).',
        f'Moved upstream: at <a href="{blob}/shifted.py#L3-L5">{short}</a> (2024-01-02) these '
        "are lines 3-5.",
        f'Changed upstream since: see <a href="{blob}/edited.py">the file at {short}</a> '
        "(2024-01-02).",
        f'Gone upstream: the file is not in <a href="{REPO}/tree/{head}">{short}</a> (2024-01-02).',
        f'Moved upstream: at <a href="{blob}/events/renamed.py#L1-L3">{short}</a> (2024-01-02) '
        "these are lines 1-3 of src/shop/events/renamed.py.",
    ):
        assert f"<p>{line}</p>" in html, line
    status = (project / "site/freshness/index.html").read_text()
    for heading in ("Changed upstream", "Gone upstream", "Moved upstream", "Unchanged upstream"):
        assert f">{heading}<" in status
    # the starter's six examples have no entry: listed, with nothing claimed
    assert status.count("not recorded for the example as it is now") == 6
    assert '<a href="../api/demo.events.Signal/#example-3">' in status
    assert 'href="freshness/"' in (project / "site/index.html").read_text()

    # the example now names another ref: its old entry is not shown, and not an error
    edited = (project / PAGE).read_text().replace(f"ref: {first}", f"ref: {head}", 1)
    (project / PAGE).write_text(edited)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    html = (project / "site/api/demo.events.Signal/index.html").read_text()
    assert "Unchanged upstream" not in html
    assert html.count("upstream") == 4
