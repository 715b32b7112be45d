"""Hostile content through real `mkdocs build`s: the build stops before site/ is touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_site, mkdocs_build
from tests.unit.test_hostile import CASES, build_error_lines, case_content, snapshot

BUILD_CASES = [
    "yaml-syntax-error",
    "non-utf8",
    "alias-bomb",
    "snippet-syntax-error",
    "markdown-raw-html",
    "placeholders-left-by-new",
    "folder-script-under-theme-assets",
    "folder-symlink-loops",
    "folder-fifo",
    "folder-file-name-forging-a-log-line",
    "home-page-not-utf8",
    "key-forging-a-workflow-command",
]


@pytest.mark.parametrize("name", BUILD_CASES)
def test_mkdocs_build_stops_before_site_is_touched(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES["cases"] if c["name"] == name)
    project = copy_site(tmp_path / "project")
    shutil.rmtree(project / "content")
    case_content(project, case)
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("<p>the last good build</p>")
    (site / "old" / "page.html").write_bytes(b"\x00\x01 kept as it was")
    site_before, content_before = snapshot(site), snapshot(project / "content")

    result = mkdocs_build(project, site)

    assert result.returncode == 1
    assert build_error_lines(result.stderr) == case["expect"]
    assert snapshot(site) == site_before
    assert snapshot(project / "content") == content_before


def test_hand_written_page_html_is_sanitized(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    (project / "content" / "notes.md").write_text(
        '# Notes\n\n<script>alert(1)</script>\n\n<p onclick="x()">text</p>\n\n'
        "[link](javascript:alert(1))\n",
        "utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "notes" / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "<h1" in article and "text</p>" in article
    assert "alert(1)" not in article and "onclick" not in article and "javascript:" not in article
