"""Home, library and project pages compared with reviewed golden files.

A case is a folder under tests/golden/site/: `content/` (omitted for the default site) and
`pages/`, the Markdown every page renders to. Run with UPDATE_GOLDEN=1 to rewrite `pages/`
after an intended change, then review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from example_pages.cli import main
from example_pages.content.load import load_site
from example_pages.render.renderer import Renderer
from tests.conftest import ROOT, STARTER_CONTENT, TESTS

CASES = TESTS / "golden" / "site"


def rendered(case: str) -> dict[str, str]:
    content = CASES / case / "content" if case != "default" else STARTER_CONTENT
    pages = Renderer().pages(load_site(content, root=ROOT))
    if case == "default":  # its API page is tests/golden/api/'s
        pages = {path: text for path, text in pages.items() if not path.startswith("api/")}
    return pages


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_pages_match_golden(case: str) -> None:
    pages = rendered(case)
    expected = CASES / case / "pages"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        for path, text in pages.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_text(text, encoding="utf-8")
    files = sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*.md"))
    assert sorted(pages) == files
    for path in files:
        assert pages[path] == (expected / path).read_text(encoding="utf-8"), path


def test_cli_writes_every_site_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = CASES / "demo" / "content"
    out = tmp_path / "pages"
    code = main(["build", "--content", str(content), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    expected = CASES / "demo" / "pages"
    for page in expected.rglob("*.md"):
        assert (out / page.relative_to(expected)).read_text() == page.read_text()
