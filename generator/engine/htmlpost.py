"""Post-processing of built HTML: a light view for the search indexer, and compact output."""

from __future__ import annotations

import re

# A highlighted block as pymdownx.highlight writes it, with or without a line-number table.
BLOCK = re.compile(
    r'<div class="language-[\w-]+ highlight">.*?</code></pre></div>'
    r"(?:</td></tr>(?:</tbody>)?</table></div>)?",
    re.S,
)
_CODE = re.compile(r"<code>(.*)</code>", re.S)
_TAG = re.compile(r"<[^>]*>")
_VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.S | re.I)
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


def search_view(html: str) -> str:
    """`html` with each highlighted block reduced to its code text in `<pre><code>`.

    The search indexer keeps the text of `pre` and `code` and drops the markup, so the index
    gets the same code text, without the line numbers, for a fraction of the parsing.
    """
    return BLOCK.sub(_plain_block, html)


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
        out.append(squeeze(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def squeeze(text: str) -> str:
    """`text` without the spaces and tabs that start a line, and with each run of line breaks
    as one: in Python, a third of the time the two substitutions take."""
    parts = text.split("\n")
    if len(parts) == 1:
        return text
    rest = [part.lstrip(" \t") for part in parts[1:]]
    tail = "" if rest[-1] else "\n"
    return parts[0] + "".join(["\n" + part for part in rest if part]) + tail
