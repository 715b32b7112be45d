"""`build --out` writes only into a folder of its own and never replaces a file it did not write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from example_pages.cli import main
from example_pages.files import OUT_MARKER
from example_pages.importer.yamlout import write_content as import_content
from tests.unit.test_hostile import snapshot, write_content

HAND_WRITTEN = {"notes.md": b"# kept by hand\n"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with content and a hand-written file, as the current folder."""
    root = tmp_path / "home" / "work" / "catalog"
    write_content(root, {})
    (root / "notes.md").write_bytes(HAND_WRITTEN["notes.md"])
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(root)
    return root


def _own(folder: Path) -> dict[str, bytes]:
    """The files under `folder` but the build cache, which every build may write."""
    return {k: v for k, v in snapshot(folder).items() if "/.cache/" not in f"/{k}"}


def _build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["build", *args])
    return code, capsys.readouterr().err.splitlines()


def _refusal(out: str, where: str) -> list[str]:
    return [
        f"--out {out} is {where}; the pages would mix with files written by hand: write them "
        "to a folder of their own, such as pages/"
    ]


@pytest.mark.parametrize(
    ("out", "where"),
    [
        (".", "the project's folder"),
        ("..", "a folder above the project"),
        ("../..", "the home folder"),
        ("../../..", "a folder holding the home folder"),
        ("/", "the file system's root"),
    ],
)
def test_out_refuses_the_project_its_parents_home_and_root(
    project: Path, capsys: pytest.CaptureFixture[str], out: str, where: str
) -> None:
    top = project.parent.parent.parent
    before = _own(top)
    assert _build(capsys, "--out", out) == (1, _refusal(out, where))
    assert _own(top) == before


def test_out_refuses_the_project_of_a_content_folder_given_from_elsewhere(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    out = project.name
    code, err = _build(capsys, "--content", f"{out}/content", "--out", out)
    assert (code, err) == (1, _refusal(out, "the project's folder"))
    assert (project / "notes.md").read_bytes() == HAND_WRITTEN["notes.md"]


def test_theme_is_refused_before_any_page_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _build(capsys, "--out", "built", "--theme", "..")
    assert code == 1
    assert err == [
        e.replace("--out", "--theme") for e in _refusal("..", "a folder above the project")
    ]
    assert not (project / "built").exists()


def test_out_refuses_a_folder_holding_files_it_did_not_write(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "drafts").mkdir()
    (project / "drafts" / "index.md").write_text("# mine\n")
    (project / "drafts" / "todo.txt").write_text("mine\n")
    assert _build(capsys, "--out", "drafts") == (
        1,
        [
            "--out drafts: it holds files example-pages did not write (index.md, todo.txt); "
            "write the pages to an empty or new folder"
        ],
    )
    assert snapshot(project / "drafts") == {"index.md": b"# mine\n", "todo.txt": b"mine\n"}
    (project / "a-file").write_text("mine\n")
    assert _build(capsys, "--out", "a-file")[1] == [
        "--out a-file: it is not a folder; write the pages to a folder of their own"
    ]


def test_out_replaces_only_the_files_its_marker_lists(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _build(capsys, "--out", "built/pages")
    assert (code, err) == (0, [])
    out = project / "built" / "pages"
    listed = (out / OUT_MARKER).read_text().splitlines()[1:]
    assert sorted(listed) == sorted(p for p in snapshot(out) if p != OUT_MARKER)
    assert "api/demo.signals.Signal.md" in listed
    # an empty folder is fine too, and a second run into a marked folder rewrites its own files
    (project / "empty").mkdir()
    assert _build(capsys, "--out", "empty")[0] == 0
    (out / "api" / "demo.signals.Signal.md").write_text("stale\n")
    assert _build(capsys, "--out", "built/pages")[0] == 0
    assert (out / "api" / "demo.signals.Signal.md").read_text() != "stale\n"
    # a page the marker does not list is someone else's: refused, nothing written
    listing = (out / OUT_MARKER).read_text().replace("api/demo.signals.Signal.md\n", "")
    (out / OUT_MARKER).write_text(listing)
    (out / "api" / "demo.signals.Signal.md").write_text("# written by hand\n")
    before = snapshot(out)
    assert _build(capsys, "--out", "built/pages") == (
        1,
        [
            "--out built/pages: it holds api/demo.signals.Signal.md, which example-pages did "
            "not write there; move it away, or write the pages elsewhere"
        ],
    )
    assert snapshot(out) == before


def test_out_through_a_link_in_the_project_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / "output").symlink_to(elsewhere / "absent", target_is_directory=True)
    (project / "gen").symlink_to(elsewhere, target_is_directory=True)
    for out, link in (("output", "output"), ("gen/pages", "gen")):
        assert _build(capsys, "--out", out) == (
            1,
            [
                f"--out {out} goes through the symbolic link {link}, which can lead out of "
                "the project; write the pages to a real folder"
            ],
        )
    assert not elsewhere.exists()


def test_pages_and_theme_can_share_a_folder_run_after_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        assert _build(capsys, "--out", "shared", "--theme", "shared") == (0, [])
    listed = (project / "shared" / OUT_MARKER).read_text().splitlines()[1:]
    assert "main.html" in listed
    assert "api/demo.signals.Signal.md" in listed


def test_an_import_never_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    content = tmp_path / "imported"
    (content / "apis").mkdir(parents=True)
    (content / "index.md").write_text("# by hand\n")
    api = {"api": "pkg.Thing", "kind": "class", "summary": "A thing.", "examples": []}
    project = {"name": "tool", "repo": "https://github.com/o/tool", "license": "MIT"}
    # beside hand-written pages, and again into its own files
    for summary in ("A thing.", "A better thing."):
        api["summary"] = summary
        assert import_content(content, apis={"pkg.Thing": api}, projects={}, libraries={}) == 1
    assert "A better thing." in (content / "apis" / "pkg.Thing.yml").read_text()
    # a file of the same name that an import did not write is left alone
    (content / "projects").mkdir()
    (content / "projects" / "tool.yml").write_text("# by hand\n")
    before = snapshot(content)
    with pytest.raises(ValueError, match=r"it holds projects/tool\.yml, which example-pages"):
        import_content(content, apis={}, projects={"tool": project}, libraries={})
    assert snapshot(content) == before


def test_out_writes_the_inventory_and_provenance_beside_the_pages(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(capsys, "--out", "pages")[0] == 0
    out = project / "pages"
    assert (out / "objects.inv").read_bytes().startswith(b"# Sphinx inventory version 2\n")
    examples = json.loads((out / "examples.json").read_text("utf-8"))["examples"]
    assert [(e["api"], e["url"]) for e in examples] == [
        ("demo.signals.Signal", "api/demo.signals.Signal/#example-1")
    ]
    assert {"objects.inv", "examples.json"} <= set((out / OUT_MARKER).read_text().splitlines())
