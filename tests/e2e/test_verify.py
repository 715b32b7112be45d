"""`example-pages verify` against real git clones made in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages import cli
from tests.e2e.test_harvest import SIGNALS, TEST_FILE
from tests.gitrepo import commit, git, set_origin

REPO = "https://example.com/demo/demo-project"
PROJECT = """name: demo-project
repo: https://example.com/demo/demo-project
license: MIT
description: A made-up shop for tests.
"""

PAGE = """# yaml-language-server: $schema=../../schemas/api.schema.json
api: demo.events.Signal
kind: class
summary: A signal.
examples:
  # the shop's own signals
  - project: demo-project
    file: src/demo/signals.py
    ref: {sha}   # pinned by hand
    line: 4
    code: |
      from demo.events import Signal as BaseSignal
      # ...
      order_placed = BaseSignal()

  - project: demo-project
    file: tests/test_signals.py
    ref: {sha}
    line: 4
    code: |
      def test_send():
          signal = Signal()
          assert signal.send(None) == []
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.chdir(tmp_path)
    sha = commit(
        tmp_path / "clones/demo-project",
        {"src/demo/signals.py": SIGNALS, "tests/test_signals.py": TEST_FILE},
    )
    set_origin(tmp_path / "clones/demo-project", REPO)
    (tmp_path / "content/projects").mkdir(parents=True)
    (tmp_path / "content/apis").mkdir()
    (tmp_path / "content/projects/demo-project.yml").write_text(PROJECT)
    (tmp_path / "content/apis/demo.events.Signal.yml").write_text(PAGE.format(sha=sha))
    return tmp_path, sha


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["verify", "--sources", "clones", *args])
    out, err = capsys.readouterr()
    return code, out, err


def edit_page(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


PAGE_PATH = "content/apis/demo.events.Signal.yml"


def test_an_exact_match_passes(site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert verify(capsys) == (
        0,
        "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.\n",
        "",
    )


def test_an_edited_snippet_line_is_shown_as_a_diff(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    edit_page(root / PAGE_PATH, "signal = Signal()", "signal = Signal(name='x')")
    code, out, err = verify(capsys)
    assert (code, err) == (1, "")
    assert out == (
        f"{PAGE_PATH}:21:7: error: example 2 (demo-project): snippet lines 1-3 do not appear in "
        f"tests/test_signals.py at {sha[:12]}; copy them again from the file at that commit\n"
        f"--- {PAGE_PATH} (example 2)\n"
        f"+++ tests/test_signals.py at {sha[:12]}\n"
        "@@ -1,3 +4,3 @@\n"
        " def test_send():\n"
        "-    signal = Signal(name='x')\n"
        "+    signal = Signal()\n"
        "     assert signal.send(None) == []\n"
        "Checked 2 examples in 1 clone: 1 matches its ref, 1 drifted.\n"
    )


def test_a_wrong_line_names_the_right_one(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    edit_page(
        root / PAGE_PATH,
        "    line: 4\n    code: |\n      def",
        "    line: 3\n    code: |\n      def",
    )
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{PAGE_PATH}:19:11: error: example 2 (demo-project): `line` is 3, but the snippet "
        f"starts at line 4 of tests/test_signals.py at {sha[:12]}; set `line: 4`"
    )


def test_a_chunk_after_the_elision_must_follow_in_order(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    edit_page(
        root / PAGE_PATH,
        "      # ...\n      order_placed = BaseSignal()\n",
        "      # ...\n      import logging\n",
    )
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{PAGE_PATH}:14:7: error: example 1 (demo-project): snippet line 3 does not appear in "
        f"src/demo/signals.py at {sha[:12]} after line 4; copy them again from the file at "
        "that commit"
    )


def test_a_wrong_file_or_ref(site: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, sha = site
    edit_page(root / PAGE_PATH, "file: src/demo/signals.py", "file: src/demo/signal.py")
    edit_page(root / PAGE_PATH, f"ref: {sha}\n", "ref: v9.9\n")
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{PAGE_PATH}:8:11: error: example 1 (demo-project): src/demo/signal.py does not exist "
        f"at {sha[:12]}; correct `file` or `ref` (`example-pages pin --sources clones` finds "
        "both)",
        f"{PAGE_PATH}:18:10: error: example 2 (demo-project): 'v9.9' names no commit, branch or "
        "tag in the clone clones/demo-project (its default branch is 'main'); set `ref` to "
        "the commit SHA the snippet was copied at, or run "
        "`example-pages pin --sources clones` to find it",
        "Checked 2 examples in 1 clone: 0 match their ref, 0 drifted; 1 ref missing; "
        "1 file missing.",
    ]


def test_upstream_edits_and_moves_show_as_drift_from_head(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    clone = root / "clones/demo-project"
    head = commit(
        clone,
        {"src/demo/signals.py": SIGNALS.replace("BaseSignal()", "BaseSignal(use_caching=True)")},
        moves={"tests/test_signals.py": "tests/test_events.py"},
    )
    code, out, err = verify(capsys)
    assert (code, err) == (0, "")
    assert out == (
        f"{PAGE_PATH}:14:7: warning: example 1 (demo-project): snippet line 3 no longer appears in "
        f"src/demo/signals.py at HEAD ({head[:12]}); update the snippet from the file, "
        f"or keep it pinned to {sha[:12]}\n"
        f"--- {PAGE_PATH} (example 1)\n"
        f"+++ src/demo/signals.py at HEAD ({head[:12]})\n"
        "@@ -3 +10 @@\n"
        "-order_placed = BaseSignal()\n"
        "+order_placed = BaseSignal(use_caching=True)\n"
        f"{PAGE_PATH}:17:11: warning: example 2 (demo-project): tests/test_signals.py was moved to "
        f"tests/test_events.py at HEAD ({head[:12]}); set `file: tests/test_events.py` and "
        f"`ref: {head}`, or keep it pinned to {sha[:12]}\n"
        "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.\n"
        "Against HEAD, of the 2 that match: 2 no longer match at HEAD.\n"
    )
    assert verify(capsys, "--strict")[0] == 1


def test_update_moves_only_what_still_matches_and_keeps_comments(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    clone = root / "clones/demo-project"
    head = commit(
        clone,
        {
            "src/demo/signals.py": "# Copyright the demo authors.\n\n" + SIGNALS,
            "tests/test_signals.py": TEST_FILE.replace("== []", "== [None]"),
        },
    )
    page = root / PAGE_PATH
    before = page.read_text()
    code, out, _ = verify(capsys, "--update")
    assert code == 1
    assert out.splitlines() == [
        f"{PAGE_PATH}:9:10: info: example 1 (demo-project): ref {sha[:12]} -> {head[:12]}, "
        "line 4 -> [6, 12]",
        f"{PAGE_PATH}:21:7: error: example 2 (demo-project): snippet lines 1-3 no longer appear in "
        f"tests/test_signals.py at HEAD ({head[:12]}); update the snippet from the file, "
        f"or keep it pinned to {sha[:12]}",
        f"--- {PAGE_PATH} (example 2)",
        f"+++ tests/test_signals.py at HEAD ({head[:12]})",
        "@@ -1,3 +4,3 @@",
        " def test_send():",
        "     signal = Signal()",
        "-    assert signal.send(None) == []",
        "+    assert signal.send(None) == [None]",
        "Moved 1 example to HEAD in 1 file; 0 already at HEAD; 1 no longer matches HEAD, "
        "not moved.",
    ]
    expected = before.replace(
        f"    ref: {sha}   # pinned by hand\n    line: 4\n",
        f"    ref: {head}   # pinned by hand\n    line: [6, 12]\n",
    )
    assert page.read_text() == expected
    # the moved example is now current; the other still matches its own ref
    code, out, _ = verify(capsys)
    assert code == 0
    assert out.splitlines()[-2:] == [
        "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.",
        "Against HEAD, of the 2 that match: 1 at HEAD; 1 no longer matches at HEAD.",
    ]


def test_a_wrong_chunk_start_names_the_right_ones(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    page = root / PAGE_PATH
    page.write_text(page.read_text().replace("    line: 4\n", "    line: [4, 11]\n", 1))
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{PAGE_PATH}:10:11: error: example 1 (demo-project): `line` is [4, 11], but the chunks "
        f"start at lines [4, 10] of src/demo/signals.py at {sha[:12]}; set `line: [4, 10]`"
    )
    page.write_text(page.read_text().replace("[4, 11]", "[4, 10]"))
    assert verify(capsys)[0] == 0


def test_missing_clones_and_sources(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = site
    (root / "elsewhere").mkdir()
    capsys.readouterr()
    assert cli.main(["verify", "--sources", "elsewhere"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{PAGE_PATH}:7:5: warning: example 1 (demo-project): no clone of demo-project in "
        "elsewhere; "
        "clone https://example.com/demo/demo-project to elsewhere/demo-project to verify its "
        "examples",
        "Checked 2 examples in 0 clones: 0 match their ref, 0 drifted; 2 not checked (no clone).",
    ]
    assert cli.main(["verify", "--sources", "elsewhere", "--strict"]) == 1
    capsys.readouterr()
    assert cli.main(["verify", "--sources", "nowhere"]) == 1
    assert capsys.readouterr().err == (
        "--sources nowhere is not a folder; clone each project into it, in a folder named by "
        "the project id or the repository name\n"
    )


def test_a_clone_is_found_by_repository_name(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = site
    (root / "clones/demo-project").rename(root / "clones/demo-project-renamed")
    edit_page(
        root / "content/projects/demo-project.yml",
        "demo/demo-project\n",
        "demo/demo-project-renamed.git\n",
    )
    set_origin(root / "clones/demo-project-renamed", "git@example.com:demo/demo-project-renamed")
    assert verify(capsys)[1] == "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.\n"


def test_content_errors_stop_verify_before_any_git(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = site
    edit_page(root / PAGE_PATH, "kind: class", "kind: klass")
    code, out, err = verify(capsys)
    assert (code, out) == (1, "")
    assert err.endswith("Aborted with 1 content error.\n")


def test_the_readme_walkthrough_from_an_empty_content_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk "From an empty content folder to a drift report" of the pin-and-verify guide
    (docs/pages/how-to/pin-and-verify.md), with a made-up project."""
    monkeypatch.chdir(tmp_path)
    clone = tmp_path / "clones/demo-project"
    sha = commit(clone, {"src/demo/signals.py": SIGNALS, "tests/test_signals.py": TEST_FILE})
    set_origin(clone, "https://example.com/demo/demo-project")
    content = ["--content", "my-content"]
    repo = "https://example.com/demo/demo-project"
    steps = [
        ["new", "project", "demo-project", *content, "--repo", repo, "--license", "MIT"],
        ["new", "api", "demo.events.Signal", "--kind", "class", *content],
        ["schema"],
        ["harvest", "clones/demo-project", *content, "--api", "demo.events.Signal",
         "--project", "demo-project"],
        ["check", *content],
        ["build", *content, "--out", "my-pages"],
    ]  # fmt: skip
    for step in steps:
        assert cli.main(step) == 0, step
        if step[:2] == ["new", "api"]:  # the author replaces the placeholders
            for path in (tmp_path / "my-content").rglob("*.yml"):
                path.write_text(path.read_text().replace("TODO(example-pages): ", ""))
    page = (tmp_path / "my-pages/api/demo.events.Signal.md").read_text()
    assert "order_placed = BaseSignal()" in page
    assert verify(capsys, *content)[1] == (
        "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.\n"
    )
    # upstream changes a quoted line
    head = commit(clone, {"tests/test_signals.py": TEST_FILE.replace("signal = ", "sig = ")})
    code, out, _ = verify(capsys, *content)
    yaml_path = "my-content/apis/demo.events.Signal.yml"
    assert (code, out.splitlines()) == (
        0,
        [
            # harvest named the function: the snippet is compared from its `def` line on
            f"{yaml_path}:44:7: warning: example 2 (demo-project): snippet lines 4-6 no longer "
            f"appear in tests/test_signals.py at HEAD ({head[:12]}); update the snippet from the "
            f"file, or keep it pinned to {sha[:12]}",
            f"--- {yaml_path} (example 2)",
            f"+++ tests/test_signals.py at HEAD ({head[:12]})",
            "@@ -4,3 +4,3 @@",
            " def test_send():",
            "-    signal = Signal()",
            "+    sig = Signal()",
            "     assert signal.send(None) == []",
            "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.",
            "Against HEAD, of the 2 that match: 1 matches at HEAD too (run with --update to move "
            "it); 1 no longer matches at HEAD.",
        ],
    )


def test_an_abbreviated_sha_resolves_through_the_clone(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    page = root / PAGE_PATH
    page.write_text(page.read_text().replace(f"ref: {sha}", f"ref: {sha[:7]}"))
    assert verify(capsys) == (
        0,
        "Checked 2 examples in 1 clone: 2 match their ref, 0 drifted.\n",
        "",
    )


def test_a_name_for_two_commits_is_refused_as_ambiguous(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, sha = site
    clone = root / "clones/demo-project"
    head = commit(clone, {"README.md": "A shop.\n"})
    # a tag and a branch of one name, at different commits
    git(clone, "tag", "release", sha)
    git(clone, "branch", "release", head)
    # a branch whose name is the start of another commit's SHA
    git(clone, "branch", sha[:8], head)
    page = root / PAGE_PATH
    edit_page(page, f"ref: {sha}   # pinned by hand", "ref: release")
    edit_page(page, f"ref: {sha}\n", f"ref: {sha[:8]}\n")
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{PAGE_PATH}:9:10: error: example 1 (demo-project): 'release' is ambiguous in the "
        "clone clones/demo-project: it names 2 different commits or refs (refs/tags/release, "
        "refs/heads/release); set `ref` to the full 40-digit commit SHA",
        f"{PAGE_PATH}:18:10: error: example 2 (demo-project): '{sha[:8]}' is ambiguous in the "
        "clone clones/demo-project: it names 2 different commits or refs "
        f"({', '.join(c[:12] for c in sorted([sha, head]))}); set `ref` to the full 40-digit "
        "commit SHA",
        "Checked 2 examples in 1 clone: 0 match their ref, 0 drifted; 2 ref missing.",
    ]
    # a tag and a branch that agree name one commit: no ambiguity
    git(clone, "branch", "-f", "release", sha)
    edit_page(page, f"ref: {sha[:8]}\n", f"ref: {sha}\n")
    code, out, _ = verify(capsys)
    assert out.splitlines()[-2:] == [
        "Checked 2 examples in 1 clone: 1 matches its ref, 0 drifted; 1 at a branch or tag, "
        "not a commit (run pin).",
        "Against HEAD, of the 2 that match: 2 match at HEAD too (run with --update to move them).",
    ]
    assert "'release' is a tag, not a commit: it moves" in out


def test_a_shallow_clone_lacking_the_commit_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    upstream = tmp_path / "upstream"
    sha = commit(upstream, {"src/demo/signals.py": SIGNALS, "tests/test_signals.py": TEST_FILE})
    commit(upstream, {"README.md": "A shop.\n"})
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{upstream}", "clones/demo-project")
    set_origin(tmp_path / "clones/demo-project", REPO)
    (tmp_path / "content/projects").mkdir(parents=True)
    (tmp_path / "content/apis").mkdir()
    (tmp_path / "content/projects/demo-project.yml").write_text(PROJECT)
    (tmp_path / PAGE_PATH).write_text(PAGE.format(sha=sha))
    code, out, _ = verify(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{PAGE_PATH}:9:10: error: example 1 (demo-project): the clone at clones/demo-project "
        f"is shallow and lacks {sha}: run `git -C clones/demo-project fetch --unshallow` to "
        "fetch its whole history, then verify again"
    )
    assert out.splitlines()[-1] == (
        "Checked 2 examples in 1 clone: 0 match their ref, 0 drifted; 2 ref missing."
    )


def test_record_and_update_do_not_go_together(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = site
    assert verify(capsys, "--record", "--update") == (
        2,
        "",
        "--update and --record do not go together: record first, then update\n",
    )
    assert not (root / "content/freshness.yml").exists()
