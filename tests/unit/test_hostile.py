"""Broken and hostile content: every mistake located and explained, nothing else touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from example_pages.cli import main
from example_pages.content.folder import UnreadableFile, read_limited
from example_pages.content.load import load_site
from example_pages.content.yamlload import load_document
from example_pages.errors import ContentError, Problem, escape, format_problems
from example_pages.files import write_atomic, write_pages
from example_pages.settings import Settings
from tests.conftest import TESTS

CASES = yaml.safe_load((TESTS / "cases" / "hostile.yml").read_text("utf-8"))


def write_content(
    root: Path, files: dict[str, Any], latin1: dict[str, str] | None = None, **special: Any
) -> None:
    """The base content folder under `root`, with `files` replaced, added or (None) deleted.

    `symlinks` maps a path to a link target, `fifos` lists named pipes to make.
    """
    for rel, text in {**CASES["base"], **files}.items():
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for rel, text in (latin1 or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("latin-1"))
    for rel, target in special.get("symlinks", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)
    for rel in special.get("fifos", []):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)


def case_content(root: Path, case: dict[str, Any]) -> None:
    write_content(
        root,
        case.get("files", {}),
        case.get("latin1"),
        symlinks=case.get("symlinks", {}),
        fifos=case.get("fifos", []),
    )


def check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run `example-pages check` in `root`; its exit code and stderr lines."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        code = main(["check", *args])
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_check_reports_exact_message(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_content(tmp_path, case)
    code, err = check(tmp_path, capsys)
    assert err == case["expect"]
    assert code == (1 if case["expect"] else 0)


def snapshot(folder: Path) -> dict[str, bytes]:
    found = {}
    for top, _dirs, names in os.walk(folder):  # never follows links: cases hold loops
        for name in names:
            path = Path(top, name)
            if path.relative_to(folder).is_relative_to(".cache"):
                continue  # the cache, which `check` may write
            if path.is_symlink():
                found[path.relative_to(folder).as_posix()] = os.readlink(path).encode()
            elif path.is_file():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def test_check_never_modifies_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for case in CASES["cases"]:
        root = tmp_path / case["name"]
        case_content(root, case)
        before = snapshot(root)
        check(root, capsys)
        assert snapshot(root) == before, case["name"]


def test_file_over_the_default_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = CASES["base"]["content/projects/demo-project.yml"]
    big = base + "#" * (4 * 1024 * 1024 - len(base)) + "\n"
    write_content(tmp_path, {"content/projects/other.yml": big})
    assert check(tmp_path, capsys) == (
        1,
        [
            "content/projects/other.yml:1:1: the file is over the limit of 4,194,304 bytes; "
            "split it, or raise `max_file_size` in mkdocs.yml",
            "Aborted with 1 content error.",
        ],
    )


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    write_content(tmp_path, {})
    settings = Settings(max_file_size=200)
    with pytest.raises(ContentError) as info:
        load_site(tmp_path / "content", root=tmp_path, settings=settings)
    assert [str(p) for p in info.value.problems] == [
        "content/apis/demo.signals.Signal.yml:1:1: the file is over the limit of 200 bytes; "
        "split it, or raise `max_file_size` in mkdocs.yml"
    ]


def test_number_too_long_to_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api = CASES["base"]["content/apis/demo.signals.Signal.yml"]
    write_content(
        tmp_path,
        {"content/apis/demo.signals.Signal.yml": api.replace("line: 3", "line: " + "9" * 5000)},
    )
    assert check(tmp_path, capsys) == (
        1,
        [
            "content/apis/demo.signals.Signal.yml:8:11: cannot read this value (the number has "
            "too many digits); quote it if it is text",
            "Aborted with 1 content error.",
        ],
    )


def test_wide_alias_bomb_stops_at_the_first_alias(tmp_path: Path) -> None:
    # 30 levels of 10 aliases each would expand to 10**30 values if aliases were followed.
    lines = ["a0: &a0 [lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 31)]
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(lines) + "\n")
    doc, problems = load_document(path, "bomb.yml")
    assert doc.data is None
    assert [str(p) for p in problems] == [
        "bomb.yml:2:10: aliases (*name) are not allowed in content files; write the value out "
        "in full"
    ]


def test_deep_nesting_of_a_huge_file_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "deep.yml"
    path.write_text("{a: " * 1_000_000)
    _, problems = load_document(path, "deep.yml")
    assert [str(p) for p in problems] == [
        "deep.yml:1:126: values are nested more than 32 levels deep; content files need only "
        "a few levels"
    ]


def build_error_lines(stderr: str) -> list[str]:
    """The lines MkDocs printed for the plugin's error, from its ERROR line to the end."""
    start = stderr.index("ERROR   -  ") + len("ERROR   -  ")
    return stderr[start:].strip().splitlines()


def test_build_out_with_content_errors_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES["cases"] if c["name"] == "alias-bomb")
    write_content(tmp_path, case["files"])
    out = tmp_path / "pages"
    (out / "api").mkdir(parents=True)
    (out / "api" / "old.md").write_text("# the last good page\n")
    before = snapshot(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        code = main(["build", "--out", "pages"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == case["expect"]
    assert snapshot(out) == before


def test_write_pages_writes_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert write_pages(out, {"api/a.md": "A\n", "api/b.md": "B\n"}) == 2
    unchanged = (out / "api" / "a.md").stat()
    assert write_pages(out, {"api/a.md": "A\n", "api/b.md": "B, edited\n"}) == 1
    assert (out / "api" / "a.md").stat().st_ino == unchanged.st_ino
    assert (out / "api" / "a.md").stat().st_mtime_ns == unchanged.st_mtime_ns
    assert snapshot(out) == {"api/a.md": b"A\n", "api/b.md": b"B, edited\n"}


def test_interrupted_write_leaves_the_old_page_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pages"
    write_pages(out, {"api/a.md": "old\n"})

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_pages(out, {"api/a.md": "new " * 100_000})
    assert snapshot(out) == {"api/a.md": b"old\n"}


def test_write_pages_refuses_paths_outside_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    with pytest.raises(ValueError, match=r"refusing to write \.\./escape\.md"):
        write_pages(out, {"api/a.md": "A\n", "../escape.md": "x"})
    assert not (tmp_path / "escape.md").exists()
    assert not out.exists() or snapshot(out) == {}


def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "demo.yml"
    path.write_text("a: 1\n")
    path.chmod(0o640)
    write_atomic(path, b"a: 2\n")
    assert path.read_bytes() == b"a: 2\n"
    assert path.stat().st_mode & 0o777 == 0o640


def test_check_of_a_missing_content_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, capsys, "--content", "typo") == (
        1,
        [
            "typo:1:1: the content folder does not exist; check the path",
            "Aborted with 1 content error.",
        ],
    )


def build_out(root: Path, capsys: pytest.CaptureFixture[str], out: str) -> tuple[int, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        code = main(["build", "--out", out])
    return code, capsys.readouterr().err.splitlines()


def test_build_out_never_writes_into_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_content(tmp_path, {"content/index.md": "# Home, written by hand\n"})
    before = snapshot(tmp_path / "content")
    assert build_out(tmp_path, capsys, "content") == (
        1,
        [
            "--out content is inside the content folder content; the pages would overwrite "
            "content files: write them to a folder of their own, such as pages/"
        ],
    )
    assert build_out(tmp_path, capsys, "content/apis")[0] == 1
    shutil.copytree(tmp_path / "content", tmp_path / "copy")
    assert build_out(tmp_path, capsys, "copy") == (
        1,
        [
            "--out copy holds content files (projects/demo-project.yml); write the pages to a "
            "folder of their own, such as pages/"
        ],
    )
    assert snapshot(tmp_path / "content") == before


def test_build_out_with_a_link_out_is_refused_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_content(tmp_path, {})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "api").symlink_to(tmp_path / "elsewhere")
    code, err = build_out(tmp_path, capsys, "pages")
    assert (code, err) == (
        1,
        [
            "--out pages: refusing to write api/demo.signals.Signal.md: it is outside pages",
        ],
    )
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_read_limited_reads_only_regular_files_and_only_so_far(tmp_path: Path) -> None:
    regular = tmp_path / "a.yml"
    regular.write_bytes(b"x" * 100)
    assert read_limited(regular, 10) == b"x" * 11  # one byte past the limit tells it is over
    assert read_limited(regular, 1000) == b"x" * 100
    os.mkfifo(tmp_path / "fifo.yml")  # opened without blocking, then refused: no hang
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    (tmp_path / "loop.yml").symlink_to("loop.yml")
    for name, reason in [
        ("fifo.yml", "it is a FIFO (named pipe), not a file"),
        ("zero.yml", "it is a symbolic link, not a file"),
        ("loop.yml", "it is a symbolic link, not a file"),
    ]:
        with pytest.raises(UnreadableFile) as info:
            read_limited(tmp_path / name, 10)
        assert info.value.strerror == reason
    with pytest.raises(UnreadableFile):
        read_limited(Path("/dev/zero"), 10)


def test_every_output_format_escapes_what_it_quotes() -> None:
    message = "unknown key 'x\n::error file=a.py::forged\r\x1b[2K\u202e'"
    problems = [Problem("::warning::x", 1, 2, message)]
    assert format_problems(problems).splitlines() == [
        "\\::warning::x:1:2: unknown key 'x\\n::error file=a.py::forged\\r\\x1b[2K\\u202e'",
        "Aborted with 1 content error.",
    ]
    assert format_problems(problems, fmt="github").splitlines() == [
        "::error file=%3A%3Awarning%3A%3Ax,line=1,col=2::unknown key "
        "'x\\n::error file=a.py::forged\\r\\x1b[2K\\u202e'"
    ]
    assert len(format_problems(problems, fmt="json").splitlines()) == 9
    assert escape("tab\tstays") == "tab\tstays"


def test_a_key_with_a_line_break_is_quoted_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "content/apis/demo.signals.Signal.yml"
    write_content(tmp_path, {name: CASES["base"][name] + '"sum\\nmary": x\n'})
    code, err = check(tmp_path, capsys)
    assert code == 1
    assert any("unknown key 'sum\\nmary'" in line for line in err), err
    with pytest.raises(ContentError) as caught:
        load_site(tmp_path / "content", root=tmp_path)
    assert all("\n" not in problem.message for problem in caught.value.problems)
