"""What `mkdocs serve` shows while the content has errors: the located problems, on every page.

A published build stops at the first content error and never reaches this module; the preview
keeps serving instead, so that the open page says what is wrong rather than waiting for a
build that never comes.
"""

from __future__ import annotations

import re
from html import escape

from ..errors import Problem
from ..wording import plural

_ARTICLE = re.compile(r"<article\b[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")


def problems_html(problems: list[Problem]) -> str:
    """An admonition listing every problem as `path:line:col` and its message, escaped."""
    errors = [p for p in problems if p.severity == "error"]
    them = "it" if len(errors) == 1 else "them"
    title = f"The content has {plural(len(errors), 'error')}; fix {them} and this page reloads."
    items = "".join(
        f"<li><code>{escape(f'{p.path}:{p.line}:{p.col}')}</code>: {escape(p.message)}</li>"
        if p.line
        else f"<li>{escape(p.message)}</li>"
        for p in problems
    )
    return (
        '<div class="admonition failure xp-problems" id="xp-problems">'
        f'<p class="admonition-title">{escape(title)}</p><ul>{items}</ul></div>'
    )


def with_problems(html: str, problems: list[Problem]) -> str:
    """A whole theme page (such as 404.html) with the problems at the start of its content."""
    block = problems_html(problems)
    match = _ARTICLE.search(html) or _BODY.search(html)
    if match is None:
        return block + html
    return html[: match.end()] + block + html[match.end() :]
