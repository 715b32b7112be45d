"""Text made safe for the Markdown the templates write: escaping, URLs, fences, links."""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")


# Line breaks and other controls: in a heading, a table cell or a link they would start new
# Markdown blocks (a list, a heading, a link reference definition).
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_URL_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029()<>\"']")


def md_text(text: str) -> str:
    """Plain text made safe to place in Markdown: one line, no markup, no HTML."""
    text = _BREAKS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def url_text(url: str) -> str:
    """A URL made safe to place inside a Markdown link's parentheses: one token, no breaks."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def fence_for(code: str) -> str:
    """A backtick fence longer than any backtick run inside `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


@lru_cache(maxsize=1 << 16)
def relative(target: str, source: str) -> str:
    """The link from the page at Markdown path `source` to the page at `target`."""
    start = posixpath.dirname(source) or "."
    to, at = posixpath.normpath(target), posixpath.normpath(start)
    if any(path.startswith(("/", "..")) for path in (to, at)):
        return posixpath.relpath(target, start)
    # Between two paths inside the site the link does not depend on the working directory,
    # which relpath asks the system for on every call.
    to_parts = [] if to == "." else to.split("/")
    at_parts = [] if at == "." else at.split("/")
    common = len(posixpath.commonprefix([to_parts, at_parts]))
    parts = [".."] * (len(at_parts) - common) + to_parts[common:]
    return "/".join(parts) if parts else "."


def front_matter(**values: Any) -> str:
    """A YAML front matter block; JSON-quoted values are valid YAML and cannot break out."""
    body = "\n".join(f"{key}: {json.dumps(value)}" for key, value in values.items())
    return f"---\n{body}\n---"
