"""Paths worked out once per folder give what working each one out would give."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

from example_pages.errors import display_path, shown_prefix
from example_pages.files import EditUris, Folders
from example_pages.render.markup import relative


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/docs (the docs folder), root/docs/apis, root/elsewhere and root/docs/linked (a
    link to root/elsewhere), each with a file."""
    root = tmp_path / "root"
    for folder in ("docs/apis", "elsewhere"):
        (root / folder).mkdir(parents=True)
        (root / folder / "a.yml").write_text("x")
    (root / "docs" / "index.yml").write_text("x")
    (root / "docs" / "linked").symlink_to(root / "elsewhere")
    return root


FOLDERS = ["docs", "docs/apis", "elsewhere", "docs/linked", "."]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_folders_prefix_and_a_name_are_the_files_shown_path(tree: Path, folder: str) -> None:
    directory = tree / folder
    for path in directory.iterdir():
        prefix = shown_prefix(directory, tree, Folders())
        assert prefix is not None
        assert prefix + path.name == display_path(path, tree)


def test_a_folder_outside_the_root_shows_whole_paths(tree: Path) -> None:
    assert shown_prefix(tree / "elsewhere", tree / "docs", Folders()) is None
    assert shown_prefix(tree / "docs", None, Folders()) is None


@pytest.mark.parametrize("folder", FOLDERS)
def test_edit_addresses_are_each_files_path_from_the_docs_folder(tree: Path, folder: str) -> None:
    docs = (tree / "docs").resolve()
    folders = Folders()
    uris = EditUris(docs, folders)
    for path in (tree / folder).iterdir():
        expected = Path(os.path.relpath(folders.resolve(path), docs)).as_posix()
        assert uris.get(path) == expected


_LINKED = ["a", "a/b", "a/b/c.md", "api/x.md", "index.md", "a/./b", "a//b", "./a", "x/../y.md"]
_LINKED += ["../up.md", "a/b/", "/abs/p.md", "a/b/../../c.md", "a/../../c.md"]


@pytest.mark.parametrize("source", ["", "index.md", "api/x.md", "a/b/c.md", "../o.md", "/r/p.md"])
def test_relative_links_are_relpaths_worked_out_without_the_working_directory(
    source: str,
) -> None:
    for target in _LINKED:
        assert relative(target, source) == posixpath.relpath(
            target, posixpath.dirname(source) or "."
        ), target
