"""The rendered Markdown of the default pages, compared with reviewed golden files.

Run with UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import os

import pytest

from example_pages.content.load import load_site
from example_pages.render.renderer import Renderer
from tests.conftest import STARTER_CONTENT, TESTS

GOLDEN = TESTS / "golden"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    site = load_site(STARTER_CONTENT, root=STARTER_CONTENT.parent)
    return Renderer().pages(site)


@pytest.mark.parametrize("page", ["api/django.dispatch.Signal.md"])
def test_page_matches_golden(pages: dict[str, str], page: str) -> None:
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page])
    assert pages[page] == golden.read_text()
