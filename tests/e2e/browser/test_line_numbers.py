"""A reader sees each chunk of an excerpt numbered from its upstream line, and copies the code."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from tests.conftest import serve
from tests.e2e.test_line_numbers import numbered_built  # noqa: F401  (fixture)

NUMBERS = """(block) => [...block.querySelectorAll('code .linenos')].map(
  (span) => getComputedStyle(span, '::before').content)"""


def test_numbers_jump_at_each_gap_and_copy_takes_the_code(
    browser: Browser,
    numbered_built: Path,  # noqa: F811
) -> None:
    with serve(numbered_built) as url:
        origin = urlsplit(url)
        context = browser.new_context()
        context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=f"{origin.scheme}://{origin.netloc}"
        )
        page = context.new_page()
        page.goto(url + "api/demo.core.Widget/")
        block = page.locator("#example-2 ~ .highlight").first
        shown = block.evaluate(NUMBERS)
        assert shown == ['" 3 "', '"   "', '"41 "', '"42 "', '"43 "', '"   "', '"97 "', '"98 "']
        block.hover()
        button = block.get_by_role("button", name="Copy to clipboard")
        # the button sits in the file name's bar, clear of the highlighted first line
        first = block.locator(".hll").first.bounding_box()
        box = button.bounding_box()
        assert first is not None and box is not None
        assert box["y"] + box["height"] <= first["y"], (box, first)
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == (
            "from demo.core import Widget\n# ...\nclass Shelf:\n    def add(self, name):\n"
            "        return Widget(name=name)\n# ...\ndef empty():\n    return []"
        )
        context.close()
