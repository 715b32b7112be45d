"""`example-pages check --format text|github|json`: exact output for people, CI and tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from example_pages import cli

PROJECT = """name: demo
repo: https://example.com/demo
license: MIT
description: A made-up project.
"""

UNUSED = """api: demo.Thing
kind: class
summary: A thing.
examples:
  - project: demo
    file: demo.py
    ref: main
    code: |
      x = 1
"""

UNKNOWN_PROJECT = """api: demo.Other
kind: class
summary: Another thing.
examples:
  - project: "dem%"
    file: demo.py
    ref: main
    code: |
      from demo import Other
"""

NEVER_USES = (
    "example 1 (demo): the snippet never uses demo.Thing; quote the lines that import or use "
    "it, or set `expect_use: false` if it shows context only"
)


def make_site(root: Path, folder: str = "content") -> Path:
    content = root / folder
    (content / "projects").mkdir(parents=True)
    (content / "apis").mkdir()
    (content / "projects/demo.yml").write_text(PROJECT)
    (content / "apis/demo.Thing.yml").write_text(UNUSED)
    (content / "apis/demo.Other.yml").write_text(UNKNOWN_PROJECT)
    return content


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def test_text_lists_every_problem_then_a_summary_on_stderr(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(capsys) == (
        1,
        "",
        "content/apis/demo.Other.yml:5:15: example 1: unknown project 'dem%'; "
        "did you mean 'demo'?\n"
        f"content/apis/demo.Thing.yml:8:11: {NEVER_USES}\n"
        "Aborted with 2 content errors.\n",
    )


def test_github_prints_workflow_annotations_on_stdout(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(capsys, "--format", "github") == (
        1,
        "::error file=content/apis/demo.Other.yml,line=5,col=15::example 1: unknown project "
        "'dem%25'; did you mean 'demo'?\n"
        f"::error file=content/apis/demo.Thing.yml,line=8,col=11::{NEVER_USES}\n",
        "",
    )


def test_json_is_a_list_of_located_problems_on_stdout(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(capsys, "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {
            "path": "content/apis/demo.Other.yml",
            "line": 5,
            "col": 15,
            "message": "example 1: unknown project 'dem%'; did you mean 'demo'?",
            "severity": "error",
        },
        {
            "path": "content/apis/demo.Thing.yml",
            "line": 8,
            "col": 11,
            "message": NEVER_USES,
            "severity": "error",
        },
    ]


def test_warnings_pass_and_are_annotated_as_warnings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "apis/demo.Other.yml").unlink()
    warn = ("--snippet-errors", "warn")
    assert check(capsys, *warn, "--format", "github") == (
        0,
        f"::warning file=content/apis/demo.Thing.yml,line=8,col=11::{NEVER_USES}\n",
        "",
    )
    code, out, _ = check(capsys, *warn, "--format", "json")
    assert code == 0
    assert [p["severity"] for p in json.loads(out)] == ["warning"]
    code, out, err = check(capsys, *warn)
    assert code == 0
    assert err == f"content/apis/demo.Thing.yml:8:11: warning: {NEVER_USES}\n"
    assert out == "Checked 1 API page with 1 example from 1 project: no errors, 1 warning.\n"


def test_a_clean_site_prints_an_empty_json_list(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "apis/demo.Other.yml").unlink()
    (site / "apis/demo.Thing.yml").write_text(UNUSED.replace("x = 1", "from demo import Thing"))
    assert check(capsys, "--format", "json") == (0, "[]\n", "")
    assert check(capsys, "--format", "github") == (0, "", "")


def test_github_escapes_separators_in_the_file_property(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path, "site,v2:new")
    code, out, _ = check(capsys, "--content", "site,v2:new", "--format", "github")
    assert code == 1
    assert out.startswith("::error file=site%2Cv2%3Anew/apis/demo.Other.yml,line=5,col=15::")
