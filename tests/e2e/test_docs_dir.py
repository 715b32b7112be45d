"""A docs_dir around a separate content folder is held to the content folder's rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import STARTER_CONTENT, mkdocs_build


def site(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(STARTER_CONTENT, project / "content")
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# About\n")
    config = {
        "site_name": "Docs and content",
        "docs_dir": "docs",
        "theme": {"name": "material"},
        "plugins": ["search", {"example-pages": {"content": "content"}}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return project


def test_a_script_in_docs_dir_stops_the_build(tmp_path: Path) -> None:
    project = site(tmp_path)
    (project / "docs" / "app.js").write_text("alert(1)\n")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 1
    assert "docs/app.js:1:1: '.js' files are not published from the content folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_docs_dir_around_the_content_folder_is_scanned_once(tmp_path: Path) -> None:
    project = site(tmp_path)
    shutil.move(project / "content", project / "docs" / "examples")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"][1]["example-pages"]["content"] = "docs/examples"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "api" / "django.dispatch.Signal" / "index.html").is_file()
