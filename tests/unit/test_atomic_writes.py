"""The one atomic writer: a failed write names its file and leaves the old one whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from example_pages import cli
from example_pages.errors import write_failure
from example_pages.files import write_atomic


def _full_disk(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_names_the_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.yml"
    path.write_bytes(b"old: 1\n")
    monkeypatch.setattr(os, "fsync", _full_disk)
    with pytest.raises(OSError) as raised:
        write_atomic(path, b"new: 2\n")
    assert raised.value.filename == str(path)
    assert write_failure(raised.value) == f"{path}: cannot write the file: No space left on device"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.yml"]
    assert path.read_bytes() == b"old: 1\n"


def test_creating_never_replaces_a_file_or_a_link(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("mine\n")
    (tmp_path / "link.yml").symlink_to(tmp_path / "mine.txt")
    (tmp_path / "taken.yml").write_text("taken\n")
    for name in ("link.yml", "taken.yml"):
        with pytest.raises(FileExistsError) as raised:
            write_atomic(tmp_path / name, b"new\n", replace=False)
        assert raised.value.filename == str(tmp_path / name)
    assert (tmp_path / "mine.txt").read_text() == "mine\n"
    assert (tmp_path / "taken.yml").read_text() == "taken\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yml", "mine.txt", "taken.yml"]
    write_atomic(tmp_path / "fresh.yml", b"new\n", replace=False)
    assert (tmp_path / "fresh.yml").read_bytes() == b"new\n"


def test_new_on_a_full_disk_says_which_file_and_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "fsync", _full_disk)
    assert cli.main(["new", "api", "pkg.mod.Thing", "--kind", "class"]) == 1
    assert capsys.readouterr().err == (
        "content/apis/pkg.mod.Thing.yml: cannot write the file: No space left on device\n"
    )
    assert list((tmp_path / "content" / "apis").iterdir()) == []
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "api", "pkg.mod.Thing", "--kind", "class"]) == 0
