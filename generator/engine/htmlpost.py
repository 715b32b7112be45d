"""Post-processing of built HTML: a light view for the search indexer, and compact output."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType

# A highlighted block as pymdownx.highlight writes it, with or without a line-number table.
BLOCK = re.compile(
    r'<div class="language-[\w-]+ highlight">.*?</code></pre></div>'
    r"(?:</td></tr>(?:</tbody>)?</table></div>)?",
    re.S,
)
_TAG = re.compile(r"<[^>]*>")
_VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.S | re.I)
_VERBATIM_NAMES = ("pre", "script", "style", "textarea")
_VERBATIM_OPEN = re.compile("<(?:" + "|".join(f"({n})" for n in _VERBATIM_NAMES) + r")\b", re.I)
# By the number of the opening's group that matched.
_VERBATIM_CLOSE = MappingProxyType(
    {i: re.compile(f"</{n}>", re.I) for i, n in enumerate(_VERBATIM_NAMES, 1)}
)
_LINE_STARTS = re.compile(r"\n[\n \t]*")
_LINENOS = re.compile(r'(<span class="linenos" data-linenos=")[^"]*(")')


def renumber(html: str, numbers: dict[str, tuple[int | None, ...]]) -> str:
    """`html` with the line numbers of each example's code replaced by `numbers[anchor]`.

    The code block is the last one between the example's heading (`id="anchor"`) and the
    next `<h2`; a block whose line count differs is left as it is. A line without a number
    (a '# ...' line) shows none.
    """
    for anchor, lines in numbers.items():
        heading = html.find(f'id="{anchor}"')
        if heading < 0:
            continue
        end = html.find("<h2", heading)
        end = len(html) if end < 0 else end
        block = html.rfind('<div class="language-', heading, end)
        close = html.find("</code></pre>", block, end)
        if block < 0 or close < 0:
            continue
        code = html[block:close]
        if len(_LINENOS.findall(code)) != len(lines):
            continue
        width = len(str(max((n for n in lines if n is not None), default=0)))
        parts = _LINENOS.split(code)
        # split() yields text, then the two groups of each match, repeatedly
        for index, number in enumerate(lines):
            parts[3 * index + 1] += f"{'' if number is None else number:>{width}} "
        html = html[:block] + "".join(parts) + html[close:]
    return html


_OPENING = '<div class="language-'
_OPENED = re.compile(r'<div class="language-[\w-]+ highlight">')
_CLOSING = "</code></pre></div>"
_TABLE_END = re.compile(r"</td></tr>(?:</tbody>)?</table></div>")


def blocks(html: str) -> Iterator[tuple[int, int]]:
    """Where `BLOCK` matches in `html`, found as `BLOCK.finditer` finds them, with `str.find`
    (which scans for the block's end far faster than the pattern's lazy `.*?` does)."""
    position = 0
    while True:
        start = html.find(_OPENING, position)
        if start < 0:
            return
        opened = _OPENED.match(html, start)
        if opened is None:
            position = start + 1
            continue
        end = html.find(_CLOSING, opened.end())
        if end < 0:
            return  # no block closes after this one, nor after any later one
        end += len(_CLOSING)
        table = _TABLE_END.match(html, end)
        if table is not None:
            end = table.end()
        yield start, end
        position = end


def search_view(html: str) -> str:
    """`html` with each highlighted block reduced to its code text in `<pre><code>`.

    The search indexer keeps the text of `pre` and `code` and drops the markup, so the index
    gets the same code text, without the line numbers, for a fraction of the parsing.
    """
    parts: list[str] = []
    position = 0
    for start, end in blocks(html):
        parts.append(html[position:start])
        parts.append(_plain_block(html[start:end]))
        position = end
    if not parts:
        return html
    parts.append(html[position:])
    return "".join(parts)


def _plain_block(block: str) -> str:
    # The text between the first `<code>` and the last `</code>`, as `<code>(.*)</code>`
    # matches it, without its tags.
    start = block.find("<code>")
    end = block.rfind("</code>")
    text = _TAG.sub("", block[start + 6 : end]) if start >= 0 and start + 6 <= end else ""
    return f"<pre><code>{text}</code></pre>"


def compact(html: str) -> str:
    """`html` without indentation and blank lines outside verbatim elements.

    Browsers collapse that whitespace anyway; a theme's indentation is a large part of the
    bytes of a small page. The verbatim elements are where `_VERBATIM` finds them; each is
    found by its opening and then the first closing tag of its name, which is what the
    pattern's lazy `.*?` matches, far faster.
    """
    out: list[str] = []
    start = at = 0  # where the text to squeeze starts; where to look for an element
    while True:
        opening = _VERBATIM_OPEN.search(html, at)
        if opening is None:
            break
        closing = _VERBATIM_CLOSE[opening.lastindex or 0].search(html, opening.end())
        if closing is None:  # not an element the pattern matches: look further
            at = opening.start() + 1
            continue
        out.append(squeeze(html[start : opening.start()]))
        out.append(html[opening.start() : closing.end()])
        start = at = closing.end()
    out.append(squeeze(html[start:]))
    return "".join(out)


def squeeze(text: str) -> str:
    """`text` without the spaces and tabs that start a line, and with each run of line breaks
    as one."""
    return _LINE_STARTS.sub("\n", text)
