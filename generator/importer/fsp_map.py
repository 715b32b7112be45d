"""What Full Stack Python's page parts mean: API and kind, licenses, source links, page links."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..content.models import DOTTED_NAME

SITE = "https://www.fullstackpython.com"
NOT_STATED = "NOASSERTION"

_SUFFIX = r"(?:Example|Python|Django|Code|code|examples?)\b"
_TITLE = re.compile(
    rf"^(?P<dotted>[A-Za-z_][\w.]*)(?:\s+(?!{_SUFFIX})(?P<name>[A-Za-z_]\w*))?\s+{_SUFFIX}"
)
_KIND_WORDS = {
    "class": "class",
    "exception": "class",
    "callable": "callable",
    "function": "function",
    "decorator": "callable",
    "constant": "constant",
    "module": "module",
    "package": "module",
    "attribute": "attribute",
}
_LICENSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"affero|\bagpl", re.I), "AGPL-3.0-only"),
    (re.compile(r"lesser general public|\blgpl", re.I), "LGPL-3.0-only"),
    (re.compile(r"general public license (v|version )?3|\bgpl ?v?3", re.I), "GPL-3.0-only"),
    (re.compile(r"general public license (v|version )?2|\bgpl ?v?2", re.I), "GPL-2.0-only"),
    (re.compile(r"apache ?(license )?(version )?2(\.0)?", re.I), "Apache-2.0"),
    (re.compile(r"\bmit\b", re.I), "MIT"),
    (re.compile(r"bsd\s*3|3-clause|\"new\" or \"revised\"", re.I), "BSD-3-Clause"),
    (re.compile(r"bsd\s*2|2-clause|\"simplified\"|freebsd", re.I), "BSD-2-Clause"),
    (re.compile(r"mozilla public license|\bmpl", re.I), "MPL-2.0"),
]
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_HTML_LINK = re.compile(r"<a\s+[^>]*?href=\"(?P<url>[^\"]*)\"[^>]*>(?P<text>.*?)</a>", re.S | re.I)
_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_TAG = re.compile(r"</?(?:p|br|ul|ol|li|em|strong|b|i|code|span|div)\b[^>]*>", re.I)
_LICENSE_FILE = re.compile(r"/(?:LICEN[SC]E|COPYING)[^/]*$", re.I)


def api_and_kind(title: str, meta: str, intro: str) -> tuple[str, str] | None:
    """The dotted API and its kind from a page's title, meta description and intro."""
    match = _TITLE.match(title.strip())
    if not match:
        return None
    dotted, name = match.group("dotted"), match.group("name")
    api = f"{dotted}.{name}" if name else dotted
    if not DOTTED_NAME.fullmatch(api):
        return None
    short = api.rsplit(".", 1)[-1]
    for text in (meta, intro):
        for word in re.findall(rf"\b{re.escape(short)}`?\s+(\w+)", text):
            kind = _KIND_WORDS.get(word.lower())
            if kind:
                return api, kind
            if word.lower() == "object":
                return api, "class" if short[:1].isupper() else "attribute"
    if not name:
        return api, "module"
    return api, "class" if short[:1].isupper() else "callable"


def license_id(text: str) -> str | None:
    """The SPDX id a license sentence names, or None when it names no single license."""
    plain = " ".join(_MD_LINK.sub(r"\g<text>", text).split())
    found = {spdx for pattern, spdx in _LICENSES if pattern.search(plain)}
    if found & {"AGPL-3.0-only", "LGPL-3.0-only"}:
        found.discard("GPL-3.0-only")
    return found.pop() if len(found) == 1 else None


def license_sentence(text: str) -> tuple[int, int, str] | None:
    """The start and end of the sentence that links a LICENSE file, and the link's text."""
    for match in _MD_LINK.finditer(text):
        if is_license_link(match.group("url")):
            start = max(text.rfind(mark, 0, match.start()) for mark in (". ", ".\n"))
            start = 0 if start < 0 else start + 2
            end = re.search(r"\.(\s|$)", text[match.end() :])
            stop = match.end() + end.end() if end else len(text)
            return start, stop, match.group("text")
    return None


def is_license_link(url: str) -> bool:
    return bool(_LICENSE_FILE.search(urlsplit(url).path))


def license_paragraph(texts: list[str]) -> int | None:
    """Index of the paragraph that links the LICENSE file, if any."""
    for i, text in enumerate(texts):
        if any(is_license_link(m.group("url")) for m in _MD_LINK.finditer(text)):
            return i
    return None


def first_link(text: str) -> str | None:
    match = _MD_LINK.search(text)
    return match.group("url") if match else None


@dataclass(frozen=True)
class Source:
    """Where a breadcrumb link points: repository, ref and file."""

    repo: str
    ref: str
    file: str


def split_source(url: str) -> Source | None:
    """github.com/o/r/blob/<ref>/<path> (or tree/, gitlab's /-/blob/) into its parts."""
    parts = urlsplit(url.strip("\"'<>"))
    if parts.scheme not in ("http", "https"):
        return None
    segments = [s for s in parts.path.split("/") if s and s != "."]
    if "-" in segments:
        segments.remove("-")
    if len(segments) < 5 or segments[2] not in ("blob", "tree", "src"):
        return None
    repo = f"https://{parts.netloc.lower()}/{segments[0]}/{segments[1]}"
    return Source(repo, segments[3], "/".join(segments[4:]))


def repo_url(url: str) -> str | None:
    """The repository a project link points at (github, gitlab, bitbucket), normalized."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if host not in ("github.com", "gitlab.com", "bitbucket.org"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None
    return f"https://{host}/{segments[0]}/{segments[1].removesuffix('.git')}"


def slug(name: str) -> str:
    """A project id: lowercase letters, digits, '.', '_' and '-'."""
    text = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return text or "project"


def strip_highlights(lines: list[str]) -> tuple[list[str], list[int]]:
    """Remove the `~~` marks (placed before the indentation); return code and marked lines."""
    code: list[str] = []
    marked: list[int] = []
    for number, text in enumerate(lines, start=1):
        if text.startswith("~~"):
            marked.append(number)
            text = text[2:]
        code.append(text)
    return code, marked


def is_file_label(line: str, file: str) -> bool:
    """Whether `line` is the page's caption of the snippet: `# <base name of file>`."""
    base = file.rsplit("/", 1)[-1]
    text = line.lstrip("~").strip()
    return bool(base) and text.startswith("#") and text.lstrip("#").strip() == base


Resolve = Callable[[str], str | None]


def rewrite_links(text: str, resolve: Resolve, dropped: list[str]) -> str:
    """Markdown with HTML links made Markdown and site-relative links resolved.

    `resolve` maps a Full Stack Python path (such as /flask.html) to the new page's
    Markdown path, or None to keep it on the original site as an absolute link. Images
    (the original site's logos) are dropped and listed in `dropped`.
    """

    def image(match: re.Match[str]) -> str:
        dropped.append(match.group(0))
        return ""

    def html_link(match: re.Match[str]) -> str:
        inner = _IMAGE.sub(image, match.group("text"))
        inner = " ".join(_TAG.sub("", inner).split())
        if not inner:
            return ""
        return f"[{html.unescape(inner)}]({_target(match.group('url'), resolve)})"

    def md_link(match: re.Match[str]) -> str:
        return f"[{match.group('text')}]({_target(match.group('url'), resolve)})"

    text = _HTML_LINK.sub(html_link, text)
    text = _IMAGE.sub(image, text)
    text = _MD_LINK.sub(md_link, text)
    return text.strip()


# A clone address in scp form (git@github.com:owner/name.git), which a page can only link to
# as a path of its own site: the repository's web address is what was meant.
_SCP = re.compile(r"git@([A-Za-z0-9.-]+\.[A-Za-z]{2,}):([\w.-]+/[\w.-]+?)(?:\.git)?/?")


def _target(url: str, resolve: Resolve) -> str:
    scp = _SCP.fullmatch(url)
    if scp is not None:
        return f"https://{scp.group(1)}/{scp.group(2)}"
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if parts.scheme and host != "fullstackpython.com":
        return url
    if not parts.path.startswith("/") and host != "fullstackpython.com":
        return url
    new = resolve(parts.path)
    if new is not None:
        return new + (f"#{parts.fragment}" if parts.fragment else "")
    return SITE + parts.path + (f"#{parts.fragment}" if parts.fragment else "")
