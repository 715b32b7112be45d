"""The inline processor that passes over patterns a text cannot match converts as
Python-Markdown's own does."""

from __future__ import annotations

import os

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from example_pages.engine.compat.markdown import InlineByStart

EXTENSIONS = ["attr_list", "toc", "pymdownx.inlinehilite", "pymdownx.superfences"]
PIECES = [
    *("[", "]", "(", ")", "[a]", "[b][r]", "[r]", "(a.md)", "![i](i.png)", "!", "<", ">"),
    *("<https://x.y>", "<a@b.c>", "<span>", "</span>", "&amp;", "&", "*", "**", "_", "__"),
    *("`", "``", "`x`", "\\", "\\*", "  \n", "\n", "\n\n", "# ", "> ", "- ", "1. ", " ", "text"),
    *("é", "“q”", "\u212a", ":", "#{x}", "{: .c}", "    code\n", "\n[r]: r.md\n", "#!py"),
]
markdownish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    plain = markdown.Markdown(extensions=EXTENSIONS)
    fast = markdown.Markdown(extensions=EXTENSIONS)
    adapter = InlineByStart()
    assert adapter.usable()
    adapter.install(fast)
    assert type(fast.treeprocessors["inline"]) is not type(plain.treeprocessors["inline"])
    return plain, fast


PLAIN, FAST = _converters()


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(markdownish)
@example("A [link](a.md), ![img](i.png), <https://a.b> and [ref][r].\n\n[r]: b.md\n")
@example("**a** _b_ `c` \\* &amp; <b>x</b>  \nnext")
@example("Kelvin \u212a and *em*")
def test_a_text_converts_as_python_markdown_converts_it(text: str) -> None:
    PLAIN.reset()
    FAST.reset()
    assert FAST.convert(text) == PLAIN.convert(text)


def test_an_inline_processor_of_an_extension_is_left_in_place() -> None:
    class Own(InlineProcessor):
        pass

    md = markdown.Markdown()
    md.treeprocessors.register(Own(md), "inline", 20)
    InlineByStart().install(md)
    assert type(md.treeprocessors["inline"]) is Own
