"""Text made safe for the Markdown the templates write: escaping, URLs, fences, links."""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")


def md_text(text: str) -> str:
    """Plain text made safe to place in Markdown: no markup, no HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def url_text(url: str) -> str:
    """A URL made safe to place inside a Markdown link's parentheses."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def fence_for(code: str) -> str:
    """A backtick fence longer than any backtick run inside `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


@lru_cache(maxsize=1 << 16)
def relative(target: str, source: str) -> str:
    """The link from the page at Markdown path `source` to the page at `target`."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def front_matter(**values: Any) -> str:
    """A YAML front matter block; JSON-quoted values are valid YAML and cannot break out."""
    body = "\n".join(f"{key}: {json.dumps(value)}" for key, value in values.items())
    return f"---\n{body}\n---"
