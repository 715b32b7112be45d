"""The requirements.txt line `init` writes, from the running copy's PEP 610 direct_url.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from example_pages import cli
from example_pages.authoring import requirement
from example_pages.authoring.init import init_site
from example_pages.authoring.requirement import Requirement, compatible_range, requirement_for

SHA = "1f0b2c3d4e5f60718293a4b5c6d7e8f901234567"


def direct_url(**fields: object) -> str:
    return json.dumps(fields)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", "example-pages>=0.1,<0.2"),
        ("0.12.3", "example-pages>=0.12,<0.13"),
        ("1.0.0", "example-pages>=1.0,<2"),
        ("2.4.1", "example-pages>=2.4,<3"),
        ("3.1.0rc1", "example-pages>=3.1,<4"),
    ],
)
def test_a_release_asks_for_the_releases_that_keep_its_interface(
    version: str, expected: str
) -> None:
    assert compatible_range(version) == expected
    assert requirement_for(version, None) == Requirement(expected)


def test_a_copy_from_a_git_url_asks_for_that_url_at_its_commit() -> None:
    origin = direct_url(
        url="https://github.com/someone/example-pages.git",
        vcs_info={"vcs": "git", "requested_revision": "v0.1.0", "commit_id": SHA},
    )
    assert requirement_for("0.1.0", origin) == Requirement(
        f"example-pages @ git+https://github.com/someone/example-pages.git@{SHA}"
    )


def test_a_subdirectory_is_kept() -> None:
    origin = direct_url(
        url="https://example.com/mono.git",
        vcs_info={"vcs": "git", "commit_id": SHA},
        subdirectory="tools/example-pages",
    )
    assert requirement_for("0.1.0", origin).line == (
        f"example-pages @ git+https://example.com/mono.git@{SHA}#subdirectory=tools/example-pages"
    )


def test_a_wheel_from_a_url_asks_for_that_url() -> None:
    url = "https://files.example.com/example_pages-0.1.0-py3-none-any.whl"
    origin = direct_url(url=url, archive_info={"hashes": {"sha256": "ab" * 32}})
    assert requirement_for("0.1.0", origin) == Requirement(f"example-pages @ {url}")


@pytest.mark.parametrize(
    "origin",
    [
        direct_url(url="file:///home/me/example-pages", dir_info={"editable": True}),
        direct_url(url="file:///home/me/example-pages", dir_info={}),
        direct_url(
            url="file:///home/me/dist/example_pages-0.1.0-py3-none-any.whl",
            archive_info={"hashes": {"sha256": "ab" * 32}},
        ),
        direct_url(url="file:///home/me/example-pages", vcs_info={"vcs": "git", "commit_id": SHA}),
    ],
    ids=["editable", "folder", "wheel-file", "local-git"],
)
def test_a_copy_from_a_local_path_gets_the_range_and_a_warning(origin: str) -> None:
    written = requirement_for("0.1.0", origin)
    assert written.line == "example-pages>=0.1,<0.2"
    assert written.warning is not None
    first, advice = written.warning.split("\n")
    assert first.startswith("warning: example-pages 0.1.0 was installed from /home/me/")
    assert first.endswith(
        ", a path on this machine that CI cannot install from, so requirements.txt asks for "
        "`example-pages>=0.1,<0.2` from the package index."
    )
    assert advice.startswith("If that version is not published, replace the line with one CI")
    assert "run init again" in advice


@pytest.mark.parametrize(
    "origin",
    [
        direct_url(url="https://example.com/x.git\n--index-url https://evil.example", vcs_info={}),
        direct_url(url="https://example.com/x y.git", vcs_info={"vcs": "git", "commit_id": SHA}),
        direct_url(url="https://example.com/x.git", vcs_info={"vcs": "git", "commit_id": "a b"}),
        direct_url(url="https://example.com/x.git", vcs_info={"vcs": "cvs", "commit_id": SHA}),
        direct_url(
            url="https://example.com/x.git",
            vcs_info={"vcs": "git", "commit_id": SHA},
            subdirectory="a\nb",
        ),
    ],
    ids=["newline", "space", "commit", "unknown-vcs", "subdirectory"],
)
def test_a_url_that_cannot_be_one_line_is_never_written(origin: str) -> None:
    written = requirement_for("0.1.0", origin)
    assert written.line == "example-pages>=0.1,<0.2"
    assert written.warning is not None
    assert "cannot be written into requirements.txt" in written.warning


@pytest.mark.parametrize("origin", ["not json", "[]", "{}", direct_url(url=3)])
def test_an_unreadable_direct_url_is_taken_as_a_release(origin: str) -> None:
    assert requirement_for("1.2.0", origin).line == "example-pages>=1.2,<2"


def test_init_writes_the_line_and_prints_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    local = Requirement("example-pages>=0.1,<0.2", "warning: CI cannot install this")
    monkeypatch.setattr(requirement, "installed_requirement", lambda: local)
    monkeypatch.setattr("example_pages.cli.init.installed_requirement", lambda: local)
    assert cli.main(["init", str(tmp_path / "site")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Wrote ")
    assert err == "warning: CI cannot install this\n"
    text = (tmp_path / "site" / "requirements.txt").read_text(encoding="utf-8")
    assert text == "example-pages>=0.1,<0.2\n"


def test_init_site_takes_the_line_it_is_given(tmp_path: Path) -> None:
    init_site(tmp_path, requirement="example-pages @ git+https://example.com/x.git@abc1234")
    text = (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    assert text == "example-pages @ git+https://example.com/x.git@abc1234\n"
