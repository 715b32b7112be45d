"""What a Markdown field may contain: text, formatting and http(s) or relative links."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..cache import Store, key_of

if TYPE_CHECKING:
    import markdown

from .limits import markdown_limit

URL_SCHEMES = frozenset({"http", "https"})

# What a page may hold: Markdown fields are checked against it, and the plugin cleans every
# generated page's HTML with it (engine.sanitize).
ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl"),
        *("dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li"),
        *("mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary"),
        *("sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"),
    }
)
_EVERYWHERE = {"class", "id", "title"}
ALLOWED_ATTRIBUTES = {
    "*": _EVERYWHERE,
    "a": {"href", "name"},
    "ol": {"start"},
    # line numbers of pymdownx.highlight's inline style, shown by the theme's CSS
    "span": {"data-linenos"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
}

_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]")
# Without these, Markdown makes no raw HTML, link, image or attribute of a field's text: tags
# and autolinks start with '<', links and images with '[', attribute lists with '{', entities
# with '&', and a table (whose aligned cells carry a style attribute) needs '|'.
_MARKUP = re.compile(r"[<\[{&|]")


@dataclass(frozen=True)
class MarkdownIssue:
    """A problem in a Markdown field, at a 0-based index of the field's text."""

    index: int
    message: str
    needle: str = ""
    """Text at `index` to look for in the file when the YAML style moved it (folding)."""


# Markdown is imported when first needed: a `check` whose fields are all cached does without.
@cache
def _raw_markdown() -> markdown.Markdown:
    import markdown

    return markdown.Markdown()


@cache
def _field_markdown() -> markdown.Markdown:
    """Markdown as a field renders it, raw HTML left out (it is reported separately)."""
    import markdown

    md = markdown.Markdown(extensions=["attr_list", "tables"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


def markdown_issues_stored(store: Store, text: str) -> list[MarkdownIssue]:
    """`markdown_issues(text)`, kept in `store` between runs."""
    if store.folder is None:
        return markdown_issues(text)
    key = key_of(["markdown", text])
    stored = store.get(key)
    if stored is not None:
        try:
            return [MarkdownIssue(int(i), str(m), str(n)) for i, m, n in json.loads(stored)]
        except (ValueError, TypeError):
            pass
    issues = markdown_issues(text)
    store.put(key, json.dumps([[i.index, i.message, i.needle] for i in issues]))
    return issues


def markdown_issues(text: str, *, quick: bool = True) -> list[MarkdownIssue]:
    """Raw HTML, images, non-http(s) links and unclosed code fences in a Markdown field.

    `quick`: text without any character that starts markup (`_MARKUP`) is not converted, as
    Markdown would find nothing in it; `quick=False` converts it all the same.
    """
    limit = markdown_limit(text)
    if limit is not None:  # checked first: past a limit, Markdown's own parsing blows up
        return [MarkdownIssue(limit[0], limit[1], text[limit[0] : limit[0] + 1])]
    issues: list[MarkdownIssue] = []
    fence = _unclosed_fence(text)
    if fence is not None:
        issues.append(fence)
    if quick and _MARKUP.search(text) is None:
        return issues
    raw: list[str] = []
    # Markdown stashes raw HTML only for what starts with '<' (tags, comments) or '&'
    # (entities): other text has none to find.
    if "<" in text or "&" in text:
        md = _raw_markdown()
        md.reset().convert(text)
        raw = [str(block) for block in md.htmlStash.rawHtmlBlocks]
    for block in raw:
        if _ENTITY.fullmatch(block.strip()) or (block.startswith("</") and issues):
            continue
        shown = block.strip().splitlines()[0] if block.strip() else block
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        issues.append(
            _issue(
                text,
                block.strip()[:20],
                f"raw HTML is not allowed in Markdown fields ({shown}); "
                "write Markdown instead: *emphasis*, **strong**, `code`, [text](https://...)",
            )
        )
    # Raw HTML is reported above; the rest is what Markdown itself makes of the text.
    field = _field_markdown().reset()
    html = field.convert(text)
    # A definition applies to the whole page the fields end up on, so `[x][d]` in one
    # field can use `[d]: ...` from another: every definition's URL is checked here.
    links = _Links()
    links.feed(html)
    links.close()
    linked = {url for _tag, url in links.found}
    for label, (url, _title) in field.references.items():
        scheme = urlsplit(_URL_JUNK.sub("", url)).scheme.lower()
        if scheme and scheme not in URL_SCHEMES and url not in linked:
            issues.append(
                _issue(
                    text,
                    url,
                    f"the link definition [{label}]: '{url}' is not allowed: links must be "
                    "http(s) URLs (https://...), paths relative to the page, or #anchors",
                )
            )
    for attribute in links.attributes:
        issues.append(
            _issue(
                text,
                attribute,
                f"the attribute '{attribute}' is not allowed in Markdown fields; remove it "
                "(only class, id and title may be set)",
            )
        )
    for tag, url in links.found:
        if tag == "img":
            issues.append(
                _issue(
                    text,
                    "![",
                    "images are not allowed in Markdown fields; link to the image instead",
                )
            )
            continue
        try:
            scheme = urlsplit(_URL_JUNK.sub("", url)).scheme.lower()
        except ValueError:  # a host with an unclosed '[', which no browser can open either
            issues.append(
                _issue(
                    text,
                    url,
                    f"the link '{url}' is not a valid URL; write it as https://... or as a "
                    "path relative to the page",
                )
            )
            continue
        if scheme and scheme not in URL_SCHEMES:
            issues.append(
                _issue(
                    text,
                    url,
                    f"the link '{url}' is not allowed: links must be http(s) URLs "
                    "(https://...), paths relative to the page, or #anchors",
                )
            )
    return sorted(issues, key=lambda issue: issue.index)


def _unclosed_fence(text: str) -> MarkdownIssue | None:
    opened: tuple[int, str] | None = None
    index = 0
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match is not None:
            run = match.group(1)
            if opened is None:
                opened = (index + match.start(1), run)
            elif (
                run[0] == opened[1][0]
                and len(run) >= len(opened[1])
                and not line[match.end(1) :].strip()
            ):
                opened = None
        index += len(line) + 1
    if opened is None:
        return None
    return MarkdownIssue(
        opened[0],
        f"the code block opened with {opened[1]} is never closed; "
        f"add a line {opened[1]} after its last line",
        opened[1],
    )


def _issue(text: str, needle: str, message: str) -> MarkdownIssue:
    index = _find(text, needle)
    return MarkdownIssue(index, message, text[index:].split("\n")[0][: max(len(needle), 1)])


def _find(text: str, needle: str) -> int:
    found = text.find(needle) if needle else -1
    if found < 0:
        found = text.lower().find(needle.lower()) if needle else -1
    return max(found, 0)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        allowed = _EVERYWHERE | ALLOWED_ATTRIBUTES.get(tag, set()) | {"src", "alt"}
        self.attributes.extend(name for name in values if name not in allowed)
        if tag == "a" and values.get("href") is not None:
            self.found.append((tag, values["href"] or ""))
        elif tag == "img":
            self.found.append((tag, values.get("src") or ""))


@lru_cache(maxsize=1 << 14)
def field_links(text: str) -> tuple[tuple[int, str, str], ...]:
    """Each link and image of a Markdown field: index in `text`, tag (`a`, `img`), address.

    Kept in memory: `mkdocs serve` asks again for every field on every rebuild.
    """
    if "[" not in text:  # links and images all start with '['; autolinks are absolute
        return ()
    html = _field_markdown().reset().convert(text)
    links = _Links()
    links.feed(html)
    links.close()
    found = []
    start = 0
    for tag, url in links.found:
        index = text.find(url, start) if url else -1
        if index < 0:
            index = _find(text, url)
        else:
            start = index + len(url)
        found.append((index, tag, url))
    return tuple(found)
