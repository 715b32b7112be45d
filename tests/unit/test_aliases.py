"""Aliases in content: a library's re-exports and a page's other names reach its snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages.content.load import load_site
from example_pages.render.structure import cross_links
from tests.unit.test_hostile import check, write_content

LIBRARY = """name: Demo
homepage: https://example.com/demo
summary: A made-up library.
aliases:
  demo.signals.core: demo.signals   # the module that defines the signals
"""

PAGE = """api: demo.signals.Signal
kind: class
summary: A made-up API.
examples:
  - project: demo-project
    file: demo/hooks.py
    ref: 0123456789abcdef0123456789abcdef01234567
    code: |
      from demo.signals.core import Signal

      ready = Signal()
"""

OTHER_PAGE = """api: demo.web.Refused
kind: class
summary: A made-up exception, raised from another package.
aliases: [othertool.errors.Refused]
examples:
  - project: demo-project
    file: demo/views.py
    ref: 0123456789abcdef0123456789abcdef01234567
    code: |
      from othertool.errors import Refused

      def view(request):
          raise Refused()
"""


def test_library_and_page_aliases_reach_the_snippets(tmp_path: Path) -> None:
    write_content(
        tmp_path,
        {
            "content/libraries/demo.yml": LIBRARY,
            "content/apis/demo.signals.Signal.yml": PAGE,
            "content/apis/demo.web.Refused.yml": OTHER_PAGE,
        },
    )
    site = load_site(tmp_path / "content")
    uses = {api.api: [e.analysis.use_lines for e in api.examples] for api in site.apis}
    assert uses == {"demo.signals.Signal": [(1, 3)], "demo.web.Refused": [(1, 4)]}


def test_without_the_alias_the_snippet_never_uses_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_content(tmp_path, {"content/apis/demo.signals.Signal.yml": PAGE})
    code, err = check(tmp_path, capsys)
    assert code == 1
    assert err == [
        "content/apis/demo.signals.Signal.yml:8:11: example 1 (demo-project): the snippet "
        "never uses demo.signals.Signal; quote the lines that import or use it, or set "
        "`expect_use: false` if it shows context only",
        "Aborted with 1 content error.",
    ]


@pytest.mark.parametrize(
    ("library", "expect"),
    [
        (
            LIBRARY + "  demo.extra: elsewhere.extra\n",
            "content/libraries/demo.yml:6:15: alias 'demo.extra': 'elsewhere.extra' is not a "
            "name in the demo library; list it in content/libraries/elsewhere.yml instead",
        ),
        (
            LIBRARY + "  demo/extra: demo.extra\n",
            "content/libraries/demo.yml:6:3: key 'demo/extra' of 'aliases': 'demo/extra' is not "
            "a dotted Python name; write the module path and the name, such as "
            "django.dispatch.Signal",
        ),
    ],
    ids=["outside-the-library", "not-a-dotted-name"],
)
def test_a_wrong_library_alias_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], library: str, expect: str
) -> None:
    write_content(tmp_path, {"content/libraries/demo.yml": library})
    code, err = check(tmp_path, capsys)
    assert (code, err) == (1, [expect, "Aborted with 1 content error."])


def test_cross_links_follow_aliases(tmp_path: Path) -> None:
    receiver_page = (
        "api: demo.signals.receiver\nkind: function\nsummary: Connects a function.\nexamples:\n"
        "  - project: demo-project\n    file: demo/hooks.py\n"
        "    ref: 0123456789abcdef0123456789abcdef01234567\n"
        "    code: |\n      from demo.signals import receiver\n\n      receiver(print)\n"
    )
    uses_both = PAGE.replace(
        "      ready = Signal()\n",
        "      from demo.signals.core import receiver\n\n      receiver(Signal())\n",
    )
    write_content(
        tmp_path,
        {
            "content/libraries/demo.yml": LIBRARY,
            "content/apis/demo.signals.Signal.yml": uses_both,
            "content/apis/demo.signals.receiver.yml": receiver_page,
        },
    )
    links = cross_links(load_site(tmp_path / "content"))
    also = links.also_uses[("demo.signals.Signal", 1)]
    assert [api.api for api in also] == ["demo.signals.receiver"]
    assert [ref.api.api for ref in links.used_in["demo.signals.receiver"]] == [
        "demo.signals.Signal"
    ]
