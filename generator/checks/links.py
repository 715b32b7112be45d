"""Where a link in a page's Markdown leads, resolved as MkDocs resolves it, and what is wrong.

MkDocs (1.6, `mkdocs/structure/pages.py`) joins a relative link's path to the folder of the
page's Markdown file, normalizes it and looks it up among the site's files; a link with an
anchor must name an id on the target page (`validation.anchors`). This module does the same
without MkDocs, so `example-pages check` finds a dead link where it was written, at its YAML
line, before any build.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit

if TYPE_CHECKING:
    import markdown

ABSOLUTE_ERROR = "error"
ABSOLUTE_RELATIVE_TO_DOCS = "relative_to_docs"
# Markdown's stand-in for '&' in the addresses it obfuscates (mailto links); MkDocs skips them.
_AMP_SUBSTITUTE = "\x02amp\x03"
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A heading line, also inside blockquotes, list items and indented blocks (admonitions): a
# line taken for a heading that is none only adds an id, which makes the check lenient, never
# wrong about a link that works.
_ATX = re.compile(r"^[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])[ \t]+)*(#{1,6}(?:[ \t].*)?)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")


@dataclass(frozen=True)
class LinkRules:
    """The settings of a site that change how a link resolves."""

    use_directory_urls: bool = True
    absolute_links: str = ABSOLUTE_ERROR
    """`relative_to_docs`: an absolute path starts at the docs folder (MkDocs' option of that
    name); otherwise an absolute path is refused."""
    slugify: Callable[..., str] | None = None
    """The toc extension's `slugify`, when the site sets one."""
    separator: str = "-"


class SiteMap:
    """The files of a site as link resolution sees them, and the anchors of its pages.

    `files` holds every file's path relative to the docs folder (pages and other files);
    `source(src_uri)` gives a page's Markdown, read only when a link names one of its
    anchors, or None where it is unknown (then any anchor is taken as present).
    """

    def __init__(
        self,
        files: Iterable[str],
        source: Callable[[str], str | None],
        rules: LinkRules | None = None,
    ) -> None:
        self.files = frozenset(files)
        self.rules = rules or LinkRules()
        self._source = source
        self._anchors: dict[str, frozenset[str] | None] = {}

    def anchors(self, src_uri: str) -> frozenset[str] | None:
        """The ids a link's `#anchor` may name on the page `src_uri`, or None if unknown."""
        if src_uri not in self._anchors:
            text = self._source(src_uri)
            rules = self.rules
            self._anchors[src_uri] = (
                None if text is None else anchors_of(text, rules.slugify, rules.separator)
            )
        return self._anchors[src_uri]


def check_link(url: str, page: str, site: SiteMap, *, image: bool = False) -> str | None:
    """What is wrong with the link `url` on the page whose Markdown path is `page`, with the
    fix; None where it leads somewhere: another site, a file of this site, an anchor present."""
    try:
        scheme, netloc, path, query, anchor = urlsplit(url)
    except ValueError:
        return None  # not a URL at all: the Markdown check reports it
    if scheme or netloc or _AMP_SUBSTITUTE in url:
        return None
    if url.startswith(("/", "\\")):
        if site.rules.absolute_links != ABSOLUTE_RELATIVE_TO_DOCS:
            target = posixpath.normpath(unquote(path).lstrip("/\\") or ".")
            fix = ""
            if target in site.files:
                rel = _relative(target, page)
                fix = f": '{urlunsplit(('', '', rel, query, anchor))}'"
            return (
                f"the link '{url}' is an absolute path, which leads elsewhere on a site not "
                f"published at the root of its domain; write it relative to the page{fix}"
            )
        target = posixpath.normpath(unquote(path).lstrip("/\\") or ".")
    elif not path:
        if anchor and not image:
            return _anchor_problem(url, page, page, anchor, site)
        return None
    else:
        target = _target(page, unquote(path))
    if target == ".." or target.startswith("../"):
        return (
            f"the link '{url}' leads outside the site's folder ('{target}'); link to a page "
            "of the site, or to the other site's full address (https://...)"
        )
    if target not in site.files:
        return _not_found(url, page, unquote(path), target, query, anchor, site)
    if anchor and not image and target.endswith(".md"):
        return _anchor_problem(url, page, target, anchor, site)
    return None


def _target(page: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path).lstrip("/"))


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _not_found(
    url: str, page: str, path: str, target: str, query: str, anchor: str, site: SiteMap
) -> str:
    first = path.split("/", 1)[0]
    if "@" in first or ":" in first:
        return (
            f"the link '{url}' is read as a path on this site; write the other site's full "
            "address, such as https://..."
        )
    guess = next(
        (g for g in _guesses(page, path, target, site.rules.use_directory_urls) if g in site.files),
        None,
    )
    if guess is None:
        guess = _closest(target, (f for f in site.files if f.endswith(".md")))
    if guess is not None:
        rel = "" if anchor and guess == page else _relative(guess, page)
        fix = f"did you mean '{urlunsplit(('', '', rel, query, anchor))}'?"
    else:
        fix = "link to a page's Markdown file (such as ../api/<name>.md), relative to this page"
    if not posixpath.splitext(path)[1]:
        return f"the link '{url}' names no page or file of the site ('{target}'); {fix}"
    if target == path:
        return f"the link '{url}' leads to no page or file of the site; {fix}"
    return f"the link '{url}' leads to '{target}', which is not a page or file of the site; {fix}"


def _closest(target: str, pages: Iterable[str]) -> str | None:
    """The page whose name is closest to the target's (a typo), the closest path among equals.

    Names are compared, not paths: every API page shares `api/` and `.md` with a target in
    `api/`, which would make any of them look close.
    """
    name = _name(target)
    best: tuple[float, float, str] | None = None
    for page in sorted(pages):
        ratio = difflib.SequenceMatcher(None, name, _name(page)).ratio()
        if ratio < 0.7:
            continue
        score = (ratio, difflib.SequenceMatcher(None, target, page).ratio(), page)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best is not None else None


def _name(path: str) -> str:
    """What names a page: its file's stem, or its folder's name for an index page."""
    stem = posixpath.splitext(path)[0]
    folder, name = posixpath.split(stem)
    return posixpath.basename(folder) if name in ("index", "README") else name


def _guesses(page: str, path: str, target: str, directory_urls: bool) -> Iterable[str]:
    """MkDocs' own guesses at what a broken link meant, in its order (its `Did you mean`)."""
    if posixpath.normpath(path) == ".":
        yield page
        return
    url = _url_of(page, directory_urls)
    prefixes = [target, _target(url, path)]
    if prefixes[0] == prefixes[1]:
        prefixes.pop()
    suffixes: list[Callable[[str], str]] = []
    if directory_urls:
        suffixes.append(lambda p: p)
    if not posixpath.splitext(target)[1]:
        suffixes.append(lambda p: posixpath.join(p, "index.md"))
        suffixes.append(lambda p: posixpath.join(p, "README.md"))
    if (
        not target.endswith(".")
        and not path.endswith(".md")
        and (directory_urls or not path.endswith("/"))
    ):
        suffixes.append(lambda p: p.removesuffix(".html") + ".md")
    tried = {target}
    for prefix in prefixes:
        for suffix in suffixes:
            guess = posixpath.normpath(suffix(prefix))
            if guess not in tried and not guess.startswith("../"):
                tried.add(guess)
                yield guess


def _url_of(page: str, directory_urls: bool) -> str:
    """The address MkDocs gives the page `page` (its `File.url`), without a leading slash."""
    stem, _ = posixpath.splitext(page)
    name = posixpath.basename(stem)
    folder = posixpath.dirname(stem)
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    if not directory_urls:
        return stem + ".html"
    return stem + "/"


def _anchor_problem(url: str, page: str, target: str, anchor: str, site: SiteMap) -> str | None:
    anchors = site.anchors(target)
    if anchors is None or anchor in anchors:
        return None
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.6)
    if close:
        fix = f"did you mean '#{close[0]}'?"
    elif anchors:
        shown = ", ".join(f"#{a}" for a in sorted(anchors)[:5])
        fix = f"its anchors include {shown}"
    else:
        fix = "that page has no headings to link to"
    where = "this page" if target == page else f"the page '{target}'"
    return f"the link '{url}' names the anchor '#{anchor}', which {where} does not have; {fix}"


def anchors_of(
    text: str, slugify: Callable[..., str] | None = None, separator: str = "-"
) -> frozenset[str]:
    """The ids of a page's Markdown that MkDocs collects: headings' ids as the toc extension
    makes them (explicit `{#id}` ones too), attribute lists' ids, and raw HTML's `id` and
    `<a name>` values.

    Only the heading lines are converted (code blocks are skipped), which gives the toc
    extension's ids, numbered as it numbers repeated ones, at a fraction of the page's cost.
    """
    text = _FRONT_MATTER.sub("", text, count=1)
    headings: list[str] = []
    found: set[str] = set()
    fence: str | None = None
    previous = ""
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            previous = ""
            continue
        if match is not None:
            fence = match.group(1)
            previous = ""
            continue
        setext = _SETEXT.match(line)
        if setext is not None and previous.strip() and not _ATX.match(previous):
            level = "#" if setext.group(1)[0] == "=" else "##"
            headings.append(f"{level} {previous.strip()}")
        elif (atx := _ATX.match(line)) is not None:
            headings.append(atx.group(1).strip())
        elif "{" in line:
            found.update(_ATTR_ID.findall(line))
        if "<" in line:
            found.update(html.unescape(m) for m in _HTML_ID.findall(line))
        previous = line if not line.startswith("    ") else ""
    if headings:
        md = _heading_markdown(slugify, separator)
        md.reset()
        md.convert("\n\n".join(headings))
        found.update(_ids(getattr(md, "toc_tokens", [])))
    return frozenset(found)


def _ids(tokens: list[dict[str, Any]]) -> Iterable[str]:
    for token in tokens:
        yield str(token["id"])
        yield from _ids(token.get("children", []))


@cache
def _heading_markdown(slugify: Callable[..., str] | None, separator: str) -> markdown.Markdown:
    import markdown

    toc: dict[str, Any] = {"separator": separator}
    if slugify is not None:
        toc["slugify"] = slugify
    return markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": toc})
