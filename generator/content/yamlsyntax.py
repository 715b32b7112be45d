"""YAML syntax errors told where the author made them, with what to do about them."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import yaml
from yaml.error import MarkedYAMLError

from ..errors import Problem


class Refused(MarkedYAMLError):
    """Raised by the loader's checks for YAML that content files may not hold (tags, aliases)."""


BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""A line break as YAML counts them."""


_PLAIN_WORDS = {
    "quoted scalar": ("quoted text", "the closing quote"),
    "flow sequence": ("list in [ ]", "the closing ]"),
    "flow mapping": ("mapping in { }", "the closing }"),
    "flow node": ("list in [ ] or mapping in { }", "the closing ] or }"),
}


def short_tag(tag: str) -> str:
    """`!!str` for YAML's own tags, any other tag as written."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def syntax_problem(shown: str, text: str, e: MarkedYAMLError) -> Problem:
    """The problem a YAML error stands for, at the place the author can fix it."""
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "").strip()
    if isinstance(e, Refused):
        return Problem(shown, line, col, problem)
    if "'\\t'" in problem or "tab" in problem:
        lines = BREAK.split(text)
        bad = lines[line - 1] if line <= len(lines) else ""
        tab = bad.find("\t")
        if not bad[: max(tab, 0)].strip(" -"):
            what = "is used for indentation; YAML indents with spaces only"
        else:
            what = "separates values here; YAML allows tabs only inside quoted or block text"
        return Problem(
            shown,
            line,
            tab + 1 if tab >= 0 else col,
            f"a tab character {what}, so replace the tab with spaces",
        )
    ended = "end of stream" in problem or "<stream end>" in problem
    if ended and e.context and e.context_mark is not None:
        what = e.context.strip().split(" a ", 1)[-1].split(" an ", 1)[-1]
        what, closer = _PLAIN_WORDS.get(what, (what, "its end"))
        return Problem(
            shown,
            e.context_mark.line + 1,
            e.context_mark.column + 1,
            f"YAML syntax error: the {what} that starts here is never closed; add {closer}",
        )
    opened = _opened_earlier(text, e)
    if opened is not None:
        return Problem(shown, *opened)
    dedented = _dedented(BREAK.split(text), e)
    if dedented is not None:
        return Problem(shown, *dedented)
    context = f" ({e.context.strip()})" if e.context else ""
    return Problem(
        shown,
        line,
        col,
        f"YAML syntax error: {problem}{context}; "
        "check the indentation and quoting on this line and the one before",
    )


def _opened_earlier(text: str, e: MarkedYAMLError) -> tuple[int, int, str] | None:
    """A quote or bracket left open on an earlier line, which YAML read past until it failed.

    YAML lets quoted text and [ ] or { } run over lines, so it fails only where what follows
    no longer fits; the author's mistake is where the quote or bracket opened.
    """
    mark = e.problem_mark
    if mark is None:
        return None
    gave_up = f"YAML read on to line {mark.line + 1} and gave up there"
    context = (e.context or "").strip()
    where = e.context_mark
    if where is not None and where.line < mark.line and "flow" in context:
        what, closer = _PLAIN_WORDS.get(context.split(" a ", 1)[-1], ("[ ] or { }", "it"))
        return (
            where.line + 1,
            where.column + 1,
            f"YAML syntax error: the {what} that starts here is not closed on its line "
            f"({gave_up}); add {closer}",
        )
    tokens: list[Any] = []
    with contextlib.suppress(yaml.YAMLError):  # the tokens up to the scanner's own error
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            tokens.append(token)
    for token in tokens:
        start, end = token.start_mark, token.end_mark
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ('"', "'")
            and start.line < end.line
            and end.line == mark.line
        ):
            return (
                start.line + 1,
                start.column + 1,
                "YAML syntax error: the quoted text that starts here is not closed on its line "
                f"({gave_up}); add the closing quote",
            )
    return None


_BLOCK_HEADER = re.compile(r"^( *)(?:- +)*[^\s#][^#]*:[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _dedented(lines: list[str], e: MarkedYAMLError) -> tuple[int, int, str] | None:
    """A line indented less than the block text (`|` or `>`) it sits in, which ends it."""
    for mark in (e.context_mark, e.problem_mark):
        if mark is not None and mark.line < len(lines) and lines[mark.line].strip():
            found = _dedented_at(lines, mark.line)
            if found is not None:
                return found
    return None


def _dedented_at(lines: list[str], index: int) -> tuple[int, int, str] | None:
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    text_indent = None
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip():
            continue
        header = _BLOCK_HEADER.match(line)
        if header is not None and text_indent is not None:
            # at the key's column or left of it, a line that is no key is still the text's
            key_column = len(header.group(1))
            if indent >= text_indent or (indent < key_column and ":" in lines[index]):
                return None
            return (
                index + 1,
                indent + 1,
                "this line is indented less than the text above it, which starts at column "
                f"{text_indent + 1} from line {above + 2}, so YAML ends the text before it; "
                f"indent it to column {text_indent + 1} or more",
            )
        own = len(line) - len(line.lstrip(" "))
        if own <= indent:
            return None
        text_indent = own if text_indent is None else min(text_indent, own)
    return None
