"""The second layer against injected markup: every page's HTML through nh3.

The first layer (`checks.markdown`) refuses, with a location, Markdown fields that hold raw
HTML or link anywhere but http(s) and relative addresses. The plugin then passes every page's
HTML through nh3 with the allowlist below, so markup that reaches the page some other way (a
Markdown extension the site adds, say) is removed all the same.

Highlighted code is most of a page's HTML, and the few shapes of its markup can be checked
far faster than nh3 parses it: `clean_page` sets aside each code block whose markup has only
those shapes, has nh3 clean the rest, and puts the blocks back as nh3 would have written them.
"""

from __future__ import annotations

import re
import secrets

import nh3

from ..checks.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from .htmlpost import blocks as found_blocks

# The markup of a highlighted block: these elements, with these attributes, and text that nh3
# writes back unchanged but for two entities (below). Anything else in a block (a control
# character, a lone surrogate, another entity, a style) and nh3 cleans the block with the page.
_VALUE = r'="[^"<>&\x00-\x1f\x7f\xa0]*"'
# (Spans first: a block is mostly spans, and the alternatives tried first cost least.)
_SHAPE = re.compile(
    r"(?:[^<>&\x00-\x08\x0b-\x1f\x7f\r\ud800-\udfff]+"
    rf"|</?span(?: (?:class|id|title|data-linenos){_VALUE})*>"
    r"|&(?:amp|lt|gt|quot|#39);"
    rf"|</?(?:div|pre|code|table|tbody|tr)(?: (?:class|id|title){_VALUE})*>"
    rf"|</?(?:td|th)(?: (?:class|id|title|colspan){_VALUE})*>)*"
)
_ELEMENTS = ("div", "pre", "code", "table", "tbody", "tr", "td", "th")
_STRUCTURE = re.compile(rf"<(/?)({'|'.join(_ELEMENTS)})[ >]")


def clean_html(html: str) -> str:
    """`html` with every tag, attribute and URL scheme outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean_page(html: str) -> str:
    """`clean_html(html)`, with the highlighted code blocks set aside while nh3 cleans the rest.

    Each block is replaced by an empty `div` (what a block begins with, so the markup around
    it is parsed the same) named by a number no page can know in advance. Where that element
    does not come out of nh3 as it went in (the block's text sat in an attribute or a
    comment, not in the page's markup), the page is cleaned whole.
    """
    blocks = list(dict.fromkeys(html[start:end] for start, end in found_blocks(html)))
    blocks = [block for block in blocks if _SHAPE.fullmatch(block) and _closed(block)]
    if not blocks:
        return clean_html(html)
    nonce = secrets.token_hex(8)
    marked = html
    marks = []
    for number, block in enumerate(blocks):
        mark = f'<div id="{nonce}-{number}"></div>'
        marks.append((mark, marked.count(block), block))
        marked = marked.replace(block, mark)
    cleaned = clean_html(marked)
    for mark, count, block in marks:
        if cleaned.count(mark) != count:
            return clean_html(html)
        cleaned = cleaned.replace(mark, _as_nh3_writes(block))
    return cleaned


def _closed(block: str) -> bool:
    """Whether `block` closes as many elements of each kind as it opens (a block the pattern
    cut short, before the end of its table, is cleaned with the page), and has no table
    without a `tbody` (which the parser would add)."""
    if block.count("<span") != block.count("</span>"):
        return False
    if "<table" in block and "<tbody>" not in block:
        return False
    opened = dict.fromkeys(_ELEMENTS, 0)
    for close, name in _STRUCTURE.findall(block):
        opened[name] += -1 if close else 1
    return not any(opened.values())


def _as_nh3_writes(block: str) -> str:
    # nh3 writes quotes in text as they are, and a no-break space as an entity.
    return block.replace("&quot;", '"').replace("&#39;", "'").replace("\xa0", "&nbsp;")
