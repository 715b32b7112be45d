"""Post-processing of built HTML: a light view for the search indexer, and compact output."""

from __future__ import annotations

import re

# A highlighted block as pymdownx.highlight writes it, with or without a line-number table.
_BLOCK = re.compile(
    r'<div class="language-[\w-]+ highlight">.*?</code></pre></div>'
    r"(?:</td></tr></tbody></table></div>)?",
    re.S,
)
_CODE = re.compile(r"<code>(.*)</code>", re.S)
_TAG = re.compile(r"<[^>]*>")
_VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def search_view(html: str) -> str:
    """`html` with each highlighted block reduced to its code text in `<pre><code>`.

    The search indexer keeps the text of `pre` and `code` and drops the markup, so the index
    gets the same code text, without the line numbers, for a fraction of the parsing.
    """
    return _BLOCK.sub(_plain_block, html)


def _plain_block(match: re.Match[str]) -> str:
    code = _CODE.search(match.group(0))
    text = _TAG.sub("", code.group(1)) if code else ""
    return f"<pre><code>{text}</code></pre>"


def compact(html: str) -> str:
    """`html` without indentation and blank lines outside verbatim elements.

    Browsers collapse that whitespace anyway; a theme's indentation is a large part of the
    bytes of a small page.
    """
    parts = _VERBATIM.split(html)
    out: list[str] = []
    # split() yields text, then the whole verbatim element and its tag name, repeatedly
    for index in range(0, len(parts), 3):
        out.append(_BLANK_LINES.sub("\n", _INDENT.sub("\n", parts[index])))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
