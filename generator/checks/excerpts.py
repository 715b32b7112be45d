"""Excerpts: split a snippet at elision lines and make each chunk parse as whole statements.

A chunk may start indented (a method without its class), start deeper than it continues
(inside a function, then back at class level), start with a clause whose header was left
out (`else:`, `except ...:`), and leave a block header, or a `try:` without its handler,
open before an elision or at its end. It may not start or end inside a statement: those
are reported at the cut with a fix.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from types import MappingProxyType

ELISION = re.compile(r"^\s*#+\s*\.\.\.")
_CLAUSES = ("else", "elif", "except", "finally")
_HANDLERS = ("except", "finally")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_STRING_START = re.compile(r"(?i)(?<![\w])(?:rb|br|fr|rf|[rbuf])?('''|\"\"\"|'|\")")
# The next character `scan` acts on outside strings: a string's start (group 1: its quote),
# or a comment, bracket or backslash (group 2).
_SIGNIFICANT = re.compile(_STRING_START.pattern + r"|([#()\[\]{}\\])")
# Inside a string: the next escape (a backslash and the character after it) or closing quote.
_STRING_STOPS = MappingProxyType(
    {quote: re.compile(r"\\(?s:.)?|" + re.escape(quote)) for quote in ("'''", '"""', "'", '"')}
)
HINT_END = "end it at a statement boundary or add the closing lines"
HINT_START = "start it at a statement boundary or add the opening lines"


@dataclass(frozen=True)
class Issue:
    """A problem in a snippet, at a 1-based line and column of the snippet text."""

    line: int
    col: int
    message: str


@dataclass
class Excerpt:
    """A chunk rewritten into parseable source, with the way back to snippet lines."""

    source: list[str] = field(default_factory=list)
    origin: list[int | None] = field(default_factory=list)
    shift: list[int] = field(default_factory=list)

    def add(self, text: str, origin: int | None, shift: int = 0) -> None:
        self.source.append(text)
        self.origin.append(origin)
        self.shift.append(shift)

    def snippet_line(self, line: int) -> int | None:
        """The 0-based snippet line of a 1-based source line; None for added lines."""
        if 1 <= line <= len(self.origin):
            return self.origin[line - 1]
        return None


def snippet_lines(code: str) -> list[str]:
    """The snippet's lines as the page shows them (a final newline ends the last line)."""
    return code.removesuffix("\n").split("\n")


def is_elision(line: str) -> bool:
    # every elision line holds "..."; testing for it first spares most lines the regex
    return "..." in line and bool(ELISION.match(line))


def chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of lines between elision lines, as (0-based start, lines)."""
    result: list[tuple[int, list[str]]] = []
    start = 0
    for i, text in enumerate([*lines, "# ..."]):
        if is_elision(text):
            if i > start:
                result.append((start, lines[start:i]))
            start = i + 1
    return result


@dataclass
class Scan:
    """Brackets, strings and logical lines of a chunk, found without tokenizing it."""

    starts: list[bool]
    closer: tuple[int, int, str] | None = None
    opened: list[tuple[int, int, str]] = field(default_factory=list)
    string: tuple[int, int] | None = None
    continued: bool = False
    last: str = ""


def scan(lines: list[str]) -> Scan:
    """Where logical lines start, the first unmatched closer, and what is open at the end.

    Read character by character as the tests' reference reads it (`tests/unit/test_fuzz.py`),
    but a regular expression finds the next character that matters, so the characters in
    between are passed over at once.
    """
    result = Scan([False] * len(lines))
    stack: list[tuple[int, int, str]] = []
    quote: str | None = None
    for i, text in enumerate(lines):
        result.starts[i] = quote is None and not stack and not result.continued
        if text.strip():
            result.continued = False
        col, end = 0, len(text)
        while col < end:
            if quote is not None:
                stop = _STRING_STOPS[quote].search(text, col)
                if stop is None:
                    break
                col = stop.end()
                if stop.group() == quote:
                    quote, result.string = None, None
                continue
            found = _SIGNIFICANT.search(text, col)
            at = end if found is None else found.start()
            plain = text[col:at].rstrip()
            if plain:
                result.last = plain[-1] if not stack else "("
            if found is None:
                break
            col = at
            if found.group(1) is not None:
                quote = found.group(1)
                result.string = (i, col)
                result.last = "'"
                col = found.end()
                continue
            char = found.group(2)
            if char == "#":
                break
            if char in "([{":
                stack.append((i, col, char))
            elif char in ")]}":
                if stack and stack[-1][2] == _PAIRS[char]:
                    stack.pop()
                elif result.closer is None and not stack:
                    result.closer = (i, col, char)
            elif char == "\\" and col == len(text.rstrip()) - 1:
                result.continued = True
            result.last = char if not stack else "("
            col += 1
        if quote in ("'", '"'):
            quote = None  # a one-line string cannot continue; the parser reports it
    result.opened = stack
    return result


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _is_code(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _keyword(text: str) -> str:
    match = re.match(r"\s*([a-z]+)\b", text)
    return match.group(1) if match else ""


def parse_chunk(
    start: int, chunk: list[str], *, feature_version: tuple[int, int]
) -> tuple[ast.Module, Excerpt] | Issue | None:
    """The chunk's syntax tree and line mapping, or the issue that stops it; None if no code."""
    code = [_indent(text) for text in chunk if _is_code(text)]
    if not code:
        return None
    # Most chunks are whole statements already: one parse, no scan, the same tree. (The
    # parser accepts a final line continuation, which the rules below refuse.)
    if not chunk[max(i for i, text in enumerate(chunk) if text.strip())].endswith("\\"):
        common = min(code)
        direct = Excerpt()
        for i, text in enumerate(chunk):
            shift = min(common, _indent(text))
            direct.add(text[shift:], start + i, shift)
        try:
            return _parse(direct.source, feature_version), direct
        except SyntaxError:
            pass
    found = scan(chunk)
    statements = [i for i, text in enumerate(chunk) if found.starts[i] and _is_code(text)]
    if not statements:
        return None
    cut = _cut(start, chunk, found, statements)
    if cut is not None:
        return cut
    excerpt = build(start, chunk, found, statements)
    try:
        tree = _parse(excerpt.source, feature_version)
    except SyntaxError as e:
        return _inside_string(start, chunk, statements) or _located(e, excerpt, start, chunk)
    return tree, excerpt


def _parse(source: list[str], feature_version: tuple[int, int]) -> ast.Module:
    with warnings.catch_warnings():
        # quoted code may hold invalid escapes: the project's business, not the page's
        warnings.simplefilter("ignore", (SyntaxWarning, DeprecationWarning))
        return ast.parse("\n".join(source), feature_version=feature_version)


def _cut(start: int, chunk: list[str], found: Scan, statements: list[int]) -> Issue | None:
    """A chunk that starts or ends in the middle of a statement, located at the cut."""
    if found.closer is not None:
        line, col, char = found.closer
        return Issue(
            start + line + 1,
            col + 1,
            f"the excerpt starts inside a statement: this '{char}' closes a bracket opened "
            f"before the excerpt; {HINT_START}",
        )
    last = max(i for i, text in enumerate(chunk) if text.strip())
    end = (start + last + 1, len(chunk[last].rstrip()) + 1)
    if found.string is not None:
        return Issue(
            *end,
            f"the excerpt ends inside a string (opened at snippet line "
            f"{start + found.string[0] + 1}); {HINT_END}",
        )
    if found.opened:
        line, _, char = found.opened[-1]
        return Issue(
            *end,
            f"the excerpt ends inside an open '{char}' (opened at snippet line "
            f"{start + line + 1}); {HINT_END}",
        )
    if found.continued:
        return Issue(*end, f"the excerpt ends with a line continuation '\\'; {HINT_END}")
    final = chunk[statements[-1]].strip()
    if final.startswith("@") and found.last != ":":
        return Issue(
            *end,
            "the excerpt ends with a decorator; add the definition it decorates or end the "
            "excerpt before the decorator",
        )
    return None


def build(start: int, chunk: list[str], found: Scan, statements: list[int]) -> Excerpt:
    """Rewrite a chunk so that a whole-statement excerpt parses (see the module docstring)."""
    common = min(_indent(chunk[i]) for i in statements)
    body = [text[min(common, _indent(text)) :] for text in chunk]
    unit = "\t" if any(body[i].startswith("\t") for i in statements) else "    "
    excerpt = Excerpt()
    first = _indent(body[statements[0]])
    # a chunk that starts deeper than it continues gets the enclosing blocks it left out
    opened: dict[int, str] = {}
    for i in statements[1:]:
        level = _indent(body[i])
        if level < first and level not in opened:
            word = _keyword(body[i])
            opened[level] = body[i][:level] + ("try:" if word in _HANDLERS else "if True:")
    last_at: dict[int, str] = {}
    for level, header in sorted(opened.items()):
        excerpt.add(header, None)
        last_at[level] = _keyword(header)
    tries: list[tuple[int, str]] = []
    statement_set = set(statements)
    for i, text in enumerate(body):
        if i in statement_set:
            level, word, prefix = _indent(text), _keyword(text), text[: _indent(text)]
            # a `try:` whose handlers were left out gets a placeholder `finally:`
            while tries and tries[-1][0] >= level:
                if tries[-1][0] == level and word in _HANDLERS:
                    tries.pop()
                    break
                _close_try(excerpt, tries.pop()[1], unit)
            for deeper in [k for k in last_at if k > level]:
                del last_at[deeper]
            if word in _CLAUSES and level not in last_at:
                excerpt.add(prefix + ("try:" if word in _HANDLERS else "if True:"), None)
                excerpt.add(prefix + unit + "pass", None)
            last_at[level] = word
            if word == "try" and text.rstrip().endswith(":"):
                tries.append((level, prefix))
        excerpt.add(text, start + i, min(common, _indent(chunk[i])))
    if found.last == ":":
        final = body[statements[-1]]
        excerpt.add(final[: _indent(final)] + unit + "pass", None)
    while tries:
        _close_try(excerpt, tries.pop()[1], unit)
    return excerpt


def _close_try(excerpt: Excerpt, prefix: str, unit: str) -> None:
    excerpt.add(prefix + "finally:", None)
    excerpt.add(prefix + unit + "pass", None)


def _inside_string(start: int, chunk: list[str], statements: list[int]) -> Issue | None:
    """A chunk that parses once a triple quote is put before it starts inside a string."""
    first = chunk[statements[0]]
    for quote in ('"""', "'''"):
        trial = [first[: _indent(first)] + quote, *chunk]
        found = scan(trial)
        if found.string is None and not found.opened and found.closer is None:
            stmts = [i for i, text in enumerate(trial) if found.starts[i] and _is_code(text)]
            try:
                _parse(build(0, trial, found, stmts).source, (3, 8))
            except SyntaxError:
                continue
            return Issue(
                start + 1,
                _indent(chunk[0]) + 1,
                f"the excerpt starts inside a string; {HINT_START}",
            )
    return None


def _mixed_tab(start: int, chunk: list[str]) -> Issue | None:
    """The first line indented with a tab in a chunk whose other lines indent with spaces."""
    leads = [text[: len(text) - len(text.lstrip(" \t"))] for text in chunk if _is_code(text)]
    if not any("\t" in lead for lead in leads) or not any(" " in lead for lead in leads):
        return None
    for i, text in enumerate(chunk):
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if _is_code(text) and "\t" in lead:
            return Issue(
                start + i + 1,
                lead.index("\t") + 1,
                "snippet does not parse: this line is indented with a tab where the others use "
                "spaces, which Python refuses; copy the line again from the file",
            )
    return None


def _located(error: SyntaxError, excerpt: Excerpt, start: int, chunk: list[str]) -> Issue:
    if isinstance(error, IndentationError) and (mixed := _mixed_tab(start, chunk)) is not None:
        return mixed
    line = error.lineno or 1
    origin = excerpt.snippet_line(line)
    message = error.msg
    if "expected an indented block" in message:
        message += "; quote the block's body or mark the gap with a '# ...' line"
    elif "indent" in message:
        message += "; if lines were left out here, mark the gap with a '# ...' line"
    if origin is None:
        # the parser failed on a line the excerpt added: blame the snippet line before it
        known = [o for o in excerpt.origin[: line - 1] if o is not None]
        origin = known[-1] if known else next(o for o in excerpt.origin if o is not None)
        text = chunk[origin - start]
        return Issue(origin + 1, len(text.rstrip()) + 1, f"snippet does not parse: {message}")
    col = (error.offset or 1) + excerpt.shift[line - 1]
    if isinstance(error, IndentationError):
        col = _indent(chunk[origin - start]) + 1
    last_code = max(o for o in excerpt.origin if o is not None and _is_code(chunk[o - start]))
    if origin == last_code and message == "invalid syntax":
        message = f"the excerpt ends in the middle of a statement; {HINT_END}"
        return Issue(origin + 1, len(chunk[origin - start].rstrip()) + 1, message)
    return Issue(origin + 1, col, f"snippet does not parse: {message}")
