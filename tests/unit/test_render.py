"""Small rendering rules: license sentences and code fences."""

from __future__ import annotations

from example_pages.render.markup import fence_for
from example_pages.render.views import license_markdown


def test_license_sentences() -> None:
    assert license_markdown("MIT OR Apache-2.0") == (
        "is open source under the [MIT License](https://spdx.org/licenses/MIT.html) or "
        "[Apache License 2.0](https://spdx.org/licenses/Apache-2.0.html)"
    )
    assert license_markdown("NOASSERTION") == (
        "states no license here: check its repository before reusing this code"
    )


def test_fence_is_longer_than_any_backtick_run() -> None:
    assert fence_for("x = 1") == "```"
    assert fence_for("s = '````'") == "`````"
