"""Post-processing of built HTML: the search view and compact output."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from example_pages.engine.htmlpost import _VERBATIM, blocks, compact, search_view, squeeze
from example_pages.engine.htmlpost import BLOCK as PATTERN

BLOCK = (
    '<div class="language-python highlight"><span class="filename">a.py</span><pre><span></span>'
    '<code><span class="hll"><span class="linenos" data-linenos="1 "></span>'
    '<span class="kn">import</span> <span class="nn">x</span>\n</span>'
    '<span class="n">y</span> <span class="o">=</span> '
    '<span class="s2">&quot;&lt;b&gt;&quot;</span>\n'
    "</code></pre></div>"
)


def test_search_view_keeps_only_the_code_text() -> None:
    html = f"<h2>Example</h2>\n<p>Text</p>\n{BLOCK}\n<p>After</p>"
    assert search_view(html) == (
        "<h2>Example</h2>\n<p>Text</p>\n"
        "<pre><code>import x\ny = &quot;&lt;b&gt;&quot;\n</code></pre>\n<p>After</p>"
    )


def test_compact_removes_indentation_but_not_inside_verbatim_elements() -> None:
    html = (
        "<body>\n    <nav>\n\n      <a href='/'>Home</a>\n    </nav>\n"
        "<pre>  keep\n    this</pre>\n  <script>\n  var a = `x\n   y`;\n</script>\n</body>"
    )
    assert compact(html) == (
        "<body>\n<nav>\n<a href='/'>Home</a>\n</nav>\n"
        "<pre>  keep\n    this</pre>\n<script>\n  var a = `x\n   y`;\n</script>\n</body>"
    )


def test_built_code_blocks_survive_compacting(default_site: Path) -> None:
    html = (default_site / "api/django.dispatch.Signal/index.html").read_text()
    assert compact(html) == html  # the build already compacted it
    # indentation inside code is kept (the copy-button browser test checks the whole text)
    assert '</span>        <span class="s2">"history_instance"</span>' in html


# What finding blocks with the pattern alone gave: the reference for `blocks` and `search_view`.
def _search_view_by_pattern(html: str) -> str:
    def plain(match: re.Match[str]) -> str:
        code = re.search(r"<code>(.*)</code>", match.group(0), re.S)
        text = re.sub(r"<[^>]*>", "", code.group(1)) if code else ""
        return f"<pre><code>{text}</code></pre>"

    return PATTERN.sub(plain, html)


BLOCK_PIECES = st.lists(
    st.sampled_from(
        [
            '<div class="language-python highlight">',
            '<div class="language-py-3 highlight">',
            '<div class="language-">',
            '<div class="language-x">',
            '<div class="language-',
            "<pre>",
            "<code>",
            "</code>",
            "</code></pre></div>",
            "</pre></div>",
            "</td></tr>",
            "</tbody>",
            "</table></div>",
            "</td></tr></tbody></table></div>",
            '<span class="n">',
            "</span>",
            "x = 1\n",
            "&lt;b&gt;",
            " ",
            "<",
            ">",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(BLOCK_PIECES)
@example(f"<p>a</p>{BLOCK}<p>b</p>{BLOCK}")
@example('<div class="language-x">' + BLOCK + "</td></tr></table></div>")
@example('<div class="language-py highlight"><code></code></code></pre></div>')
def test_blocks_are_found_where_the_pattern_finds_them(html: str) -> None:
    assert list(blocks(html)) == [m.span() for m in PATTERN.finditer(html)]
    assert search_view(html) == _search_view_by_pattern(html)


def _compact_by_pattern(html: str) -> str:
    parts = _VERBATIM.split(html)
    return "".join(
        squeeze(part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2  # the element's name
    )


VERBATIM_PIECES = st.lists(
    st.sampled_from(
        [
            *("<pre>", "</pre>", "<PRE class='x'>", "</Pre>", "<pre", "<prex>", "</prex>"),
            *("<script>", "</script>", "<SCRIPT>", "</sCrIpT>", "<style>", "</style>"),
            *("<textarea>", "</textarea>", "<p>", "</p>", "<", ">", "/"),
            *("\n", "\n  ", "\n\t", "  ", "x", "\n\n", " \n"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(VERBATIM_PIECES)
@example("<pre>\n  a\n</pre>\n  <p>\n\n  b</p>")
@example("<pre>\n  unclosed <script>\n  x</script>\n  y")
def test_compact_keeps_the_elements_the_pattern_finds(html: str) -> None:
    assert compact(html) == _compact_by_pattern(html)
