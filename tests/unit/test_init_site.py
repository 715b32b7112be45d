"""`init` checks every path first, never writes through a link, and writes all or nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from example_pages import cli
from example_pages.authoring import init
from example_pages.authoring.init import InitError, init_site, starter_files


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the target that nothing may write into."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "kept.txt").write_text("mine\n")
    return folder


@pytest.mark.parametrize("folder", ["content", ".github", "content/apis"])
def test_a_linked_folder_is_refused_and_nothing_is_written(
    tmp_path: Path, elsewhere: Path, folder: str
) -> None:
    target = tmp_path / "new-site"
    (target / folder).parent.mkdir(parents=True, exist_ok=True)
    (target / folder).symlink_to(elsewhere, target_is_directory=True)
    before = _tree(target)
    with pytest.raises(InitError) as raised:
        init_site(target)
    assert str(raised.value) == (
        f"{(target / folder).as_posix()}: is a symbolic link; init never writes through a "
        "link (it can lead out of the folder): remove it, or choose another folder"
    )
    assert _tree(elsewhere) == ["kept.txt"]
    assert _tree(target) == before


def test_a_linked_file_is_refused(tmp_path: Path, elsewhere: Path) -> None:
    target = tmp_path / "new-site"
    target.mkdir()
    (target / "README.md").symlink_to(elsewhere / "kept.txt")
    with pytest.raises(InitError, match=r"README\.md: is a symbolic link"):
        init_site(target)
    assert (elsewhere / "kept.txt").read_text() == "mine\n"
    assert _tree(target) == ["README.md"]


def test_a_file_where_a_folder_goes_is_refused_with_every_other_problem(
    tmp_path: Path, elsewhere: Path
) -> None:
    target = tmp_path / "new-site"
    (target / "content").mkdir(parents=True)
    (target / "content" / "projects").write_text("not a folder\n")
    (target / ".github").symlink_to(elsewhere, target_is_directory=True)
    (target / "mkdocs.yml").write_text("site_name: mine\n")
    with pytest.raises(InitError) as raised:
        init_site(target)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith(f"{(target / '.github').as_posix()}: is a symbolic link")
    assert lines[1] == (
        f"{(target / 'content' / 'projects').as_posix()}: is a file where init writes a "
        "folder; move it away, or choose another folder"
    )
    assert lines[2].endswith(
        "already has mkdocs.yml; choose an empty or new folder (init never overwrites a file)"
    )
    assert (target / "mkdocs.yml").read_text() == "site_name: mine\n"
    assert _tree(target) == [".github", "content", "content/projects", "mkdocs.yml"]


@pytest.mark.parametrize("existed", [False, True], ids=["new-folder", "empty-folder"])
def test_a_failure_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    target = tmp_path / "deeper" / "new-site"
    if existed:
        target.mkdir(parents=True)
    written: list[Path] = []
    real = init.write_atomic

    def failing(path: Path, data: bytes, **options: bool) -> None:
        if len(written) == 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, **options)
        written.append(path)

    monkeypatch.setattr(init, "write_atomic", failing)
    with pytest.raises(OSError, match="No space left"):
        init_site(target)
    assert len(written) == 4
    assert not any(path.exists() for path in written)
    if existed:
        assert _tree(target) == []
    else:
        assert _tree(tmp_path) == []
    monkeypatch.setattr(init, "write_atomic", real)
    assert init_site(target) == list(starter_files())


def test_the_command_prints_each_problem_and_fails(
    tmp_path: Path, elsewhere: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new-site"
    target.mkdir()
    (target / "schemas").write_text("")
    (target / "content").symlink_to(elsewhere, target_is_directory=True)
    assert cli.main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{(target / 'content').as_posix()}: is a symbolic link" in err
    assert f"{(target / 'schemas').as_posix()}: is a file where init writes a folder" in err
    assert _tree(elsewhere) == ["kept.txt"]


def test_a_file_as_the_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    target.write_text("mine\n")
    with pytest.raises(InitError) as raised:
        init_site(target)
    assert str(raised.value) == (
        f"{target.as_posix()}: is a file; init writes a new site into a folder"
    )
    assert target.read_text() == "mine\n"
