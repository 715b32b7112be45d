"""Cleaning a page with its code blocks set aside gives what nh3 gives for the whole page."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from example_pages.engine import sanitize
from example_pages.engine.htmlpost import BLOCK
from example_pages.engine.sanitize import clean_html, clean_page

EXTENSIONS = ["attr_list", "toc", "pymdownx.highlight", "pymdownx.superfences"]
CONFIGS: list[dict[str, Any]] = [
    {"pygments_lang_class": True, "linenums_style": "pymdownx-inline"},
    {"linenums_style": "table", "linenums": True},
    {"pygments_lang_class": True, "linenums_style": "table", "linenums": True},
    {"pygments_lang_class": True, "linenums_style": "inline"},
    {"noclasses": True, "pygments_style": "monokai"},
    {"line_spans": "__span", "line_anchors": "__line", "anchor_linenums": True},
]
CODE = "def run(path):\n    return os.stat(path)  # 'a' \"b\" <c> & d\n"


def page(code: str, config: dict[str, Any], title: str = "a/b.py") -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"pymdownx.highlight": config})
    text = (
        "# Title\n\nSome *text*, [a link](https://example.org/) & 'quotes'.\n\n"
        f'```python title="{title}" linenums="3" hl_lines="1 2"\n{code}\n```\n\n'
        f"Between.\n\n```python\n{code}\n```\n"
    )
    return md.convert(text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    code=st.text(
        st.sampled_from(list("ab \t\n'\"&<>;#=()\\é\xa0\u2028\ufeff\r\x00\x01\x0b\x1f\x7f")),
        max_size=60,
    ),
    config=st.sampled_from(CONFIGS),
    title=st.text(st.sampled_from(list("ab/.<>&' é\xa0")), max_size=8),
)
@example(code=CODE, config=CONFIGS[0], title="a/b.py")
@example(code="&quot; &#39; &amp;", config=CONFIGS[0], title="<b>&amp;")
def test_a_page_comes_out_as_nh3_writes_it(code: str, config: dict[str, Any], title: str) -> None:
    html = page(code, config, title)
    assert clean_page(html) == clean_html(html)


def test_code_blocks_are_not_parsed_by_nh3(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    clean = sanitize.nh3.clean
    monkeypatch.setattr(
        sanitize.nh3, "clean", lambda html, **kw: seen.append(html) or clean(html, **kw)
    )
    html = page(CODE, CONFIGS[0])
    assert clean_page(html) == clean(html, **_options())
    assert len(seen) == 1 and "os.stat" not in seen[0] and "Some <em>text</em>" in seen[0]


def _options() -> dict[str, Any]:
    return {
        "tags": set(sanitize.ALLOWED_TAGS),
        "attributes": {tag: set(names) for tag, names in sanitize.ALLOWED_ATTRIBUTES.items()},
        "url_schemes": set(sanitize.URL_SCHEMES),
        "link_rel": None,
        "strip_comments": True,
    }


def _block(html: str) -> str:
    match = BLOCK.search(html)
    assert match is not None
    return match.group(0)


@pytest.mark.parametrize(
    "hostile",
    [
        '<a title="{block}">x</a>',  # the block's text in an attribute
        "<!-- {block} -->",  # in a comment
        "<textarea>{block}</textarea>",  # in raw text
        "<script>{block}</script>",
        '<p class="x">{block}',  # where it is markup: set aside all the same
    ],
)
def test_a_block_out_of_place_is_cleaned_with_the_page(hostile: str) -> None:
    block = _block(page(CODE, CONFIGS[0]))
    html = page(CODE, CONFIGS[0]) + hostile.format(block=block)
    cleaned = clean_page(html)
    assert cleaned == clean_html(html)
    assert "<script" not in cleaned and "<textarea" not in cleaned


@pytest.mark.parametrize(
    "forged",
    [
        '<div class="language-python highlight"><pre><code onclick="x()">a</code></pre></div>',
        '<div class="language-python highlight"><pre><code><script>x()</script></code></pre></div>',
        '<div class="language-python highlight"><pre><code style="x">a</code></pre></div>',
        '<div class="language-python highlight"><pre><code><a href="javascript:x()">a</a>'
        "</code></pre></div>",
        '<div class="language-python highlight"><pre><code>&eacute;</code></pre></div>',
        '<div class="language-python highlight"><pre><code><span>a</code></pre></div>',
        '<div class="language-python highlight"><table><tr><td><pre><code>a</code></pre></div>',
    ],
)
def test_markup_a_highlighter_does_not_write_goes_through_nh3(forged: str) -> None:
    html = "<p>x</p>" + forged
    cleaned = clean_page(html)
    assert cleaned == clean_html(html)
    assert "onclick" not in cleaned and "<script" not in cleaned and "javascript" not in cleaned


def test_a_mark_written_into_the_page_makes_it_cleaned_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sanitize.secrets, "token_hex", lambda _n: "guessed")
    html = page(CODE, CONFIGS[0]) + '<div id="guessed-0"></div>'
    assert clean_page(html) == clean_html(html)
