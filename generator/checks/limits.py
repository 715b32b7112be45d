"""Limits that keep every check linear: what a snippet or a Markdown field may not exceed.

Python's parser and the AST visitor recurse once per nested or chained expression, so a
line of 100,000 `+` terms or 7,000 `not`s ends in RecursionError or MemoryError, and one
multi-megabyte line costs a gigabyte to parse. These scans run before anything is parsed,
in one pass over the text, and refuse such input with its place and the limit.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
import unicodedata

from .excerpts import Issue

MAX_LINE = 4_000
"""Characters in one snippet line."""
MAX_NESTING = 50
"""Brackets open at once in a snippet."""
MAX_CHAIN = 100
"""Operators, attribute dots and calls chained in one expression of a snippet, counted
along the brackets that enclose it."""
MAX_EXAMPLES = 500
"""Examples on one API page."""
MAX_MARKDOWN_NESTING = 20
"""Lists and quotes nested in a Markdown field."""
MAX_BRACKETS = 300
"""`[` in one Markdown field (each can start a link; Markdown's link search is quadratic)."""
MAX_PAGE_BRACKETS = 3_000
"""`[` in one hand-written Markdown page."""

# Trojan Source (CVE-2021-42574): these reorder how a line shows, not how it runs.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPEN, _CLOSE = "([{", ")]}"
_WORD_OPERATORS = frozenset({"not", "and", "or", "in", "is", "if", "else", "await", "lambda"})
_NOT_CHAINING = frozenset({",", ":", "=", ";", ":=", "->"})
# Upper bounds that need no tokenizing: each open bracket token is one of these characters,
# and each token that lengthens a chain is an open bracket, an operator holding one of these
# characters, or a word operator. Strings and comments can only add to the counts.
_OPENING = re.compile(r"[(\[{]")
_CHAINING = re.compile(r"[-+*/%@&|^~<>!=.(\[{]|\b(?:not|and|or|in|is|if|else|await|lambda)\b")


def snippet_limit_issue(lines: list[str]) -> Issue | None:
    """The first limit a snippet breaks (line length, nesting, chaining, bidi controls)."""
    for number, text in enumerate(lines, 1):
        if len(text) > MAX_LINE:
            return Issue(
                number,
                MAX_LINE + 1,
                f"the line is {len(text):,} characters long, over the limit of {MAX_LINE:,}; "
                "quote a shorter part of the file",
            )
        bidi = _BIDI.search(text)
        if bidi is not None:
            code = ord(bidi.group())
            return Issue(
                number,
                bidi.start() + 1,
                f"the snippet holds the bidirectional control U+{code:04X} "
                f"{unicodedata.name(bidi.group())}, which makes code show in another order "
                "than it runs (Trojan Source); remove it, or write it as an escape "
                f"('\\u{code:04x}') inside the string",
            )
    return _expression_issue(lines)


def _expression_issue(lines: list[str]) -> Issue | None:
    text = "\n".join(lines)
    if len(_OPENING.findall(text)) <= MAX_NESTING and len(_CHAINING.findall(text)) <= MAX_CHAIN:
        return None  # not even counting every character could reach a limit
    # Carriage returns and form feeds (refused in content anyway) change where tokenize
    # sees a line's start: texts holding them get the whole scan.
    plain = _STATEMENTS_EXACT and "\r" not in text and "\f" not in text
    statements = _statements(lines) if plain else None
    if statements is None:
        return _token_scan(text)
    # Both counts start again where a statement ends (NEWLINE), and neither can pass the
    # number of opening brackets or of chaining tokens in the statement: only a statement
    # with more than a limit of those is scanned token by token, on its own.
    for start, stop, chaining, opening in statements:
        if opening <= MAX_NESTING and chaining <= MAX_CHAIN:
            continue
        found = _token_scan("\n".join(lines[start:stop]))
        if found is not None:
            return Issue(found.line + start, found.col, found.message)
    return None


# The statement scan below follows the loop of Python 3.11's pure-Python tokenize; other
# versions tokenize another way, and get the whole scan.
_STATEMENTS_EXACT = sys.version_info[:2] == (3, 11)
_PSEUDO = re.compile(tokenize.PseudoToken, re.UNICODE)
_END = {quote: re.compile(pattern) for quote, pattern in tokenize.endpats.items() if pattern}
# What the fast path of a line cannot take: strings, comments, continuations.
_SPECIAL = re.compile(r"['\"#\\]")
_DIGITS = frozenset("0123456789")

Statement = tuple[int, int, int, int]
"""A statement's first line and the line after it (0-based), and at most how many tokens in
it lengthen a chain and open a bracket."""


def _statements(lines: list[str]) -> list[Statement] | None:
    """Each statement of a text without carriage returns or form feeds, up to where
    tokenize ends it with NEWLINE, and then the rest, up to where tokenize stops (at an
    indentation it refuses); None where the text holds what this scan does not follow (a
    string continued with a backslash): the whole text is then scanned token by token.

    Where closing brackets outnumber opening ones, tokenize ends every line with NEWLINE
    until they are even again, and so does this scan.

    Tokenize's loop, keeping only what decides where statements end (brackets, strings across
    lines, backslash continuations) and the two counts. A line with no quote, comment or
    backslash needs no token loop: its brackets and chaining characters are counted.
    """
    found: list[Statement] = []
    parenlev = continued = 0
    within: re.Pattern[str] | None = None  # the end of a string open across lines
    indents = [0]
    start = chaining = opening = 0
    for number, body in enumerate(lines):
        line = body + "\n"
        pos = 0
        if within is not None:
            closing = within.match(line)
            if closing is None:
                continue
            pos, within = closing.end(), None
        elif parenlev == 0 and not continued:
            pos = len(line) - len(line.lstrip(" \t"))
            if line[pos] in "#\n":
                continue  # a comment or blank line
            column = pos
            if "\t" in line[:pos]:
                column, tabsize = 0, tokenize.tabsize
                for char in line[:pos]:
                    column = column + 1 if char == " " else (column // tabsize + 1) * tabsize
            if column > indents[-1]:
                indents.append(column)
            while column < indents[-1]:
                if column not in indents:
                    return found  # tokenize stops here (IndentationError)
                indents.pop()
        else:
            continued = 0
        if _SPECIAL.search(line, pos) is None:
            rest = line[pos:] if pos else line
            opened = rest.count("(") + rest.count("[") + rest.count("{")
            parenlev += opened - rest.count(")") - rest.count("]") - rest.count("}")
            opening += opened
            chaining += len(_CHAINING.findall(rest))
            if parenlev <= 0:
                found.append((start, number + 1, chaining, opening))
                start, chaining, opening = number + 1, 0, 0
            continue
        end = len(line)
        while pos < end:
            match = _PSEUDO.match(line, pos)
            if match is None:
                pos += 1  # an error token
                continue
            begin, pos = match.span(1)
            if begin == pos:
                continue
            token, initial = line[begin:pos], line[begin]
            if initial in _DIGITS or (initial == "." and token != "." and token != "..."):
                continue  # a number
            if initial == "\n":
                if parenlev <= 0:
                    found.append((start, number + 1, chaining, opening))
                    start, chaining, opening = number + 1, 0, 0
            elif initial == "#":
                continue
            elif token in tokenize.triple_quoted:
                closing = _END[token].match(line, pos)
                if closing is None:
                    within = _END[token]
                    break
                pos = closing.end()
            elif (
                initial in tokenize.single_quoted
                or token[:2] in tokenize.single_quoted
                or token[:3] in tokenize.single_quoted
            ):
                if token[-1] == "\n":
                    return None  # continued with a backslash
            elif initial.isidentifier():
                if token in _WORD_OPERATORS:
                    chaining += 1
            elif initial == "\\":
                continued = 1
            elif initial in _OPEN:
                parenlev += 1
                opening += 1
                chaining += 1
            elif initial in _CLOSE:
                parenlev -= 1
            elif token not in _NOT_CHAINING:
                chaining += 1
    if start < len(lines):
        found.append((start, len(lines), chaining, opening))
    return found


def _token_scan(text: str) -> Issue | None:
    # A token scan, so that brackets and operators inside strings and comments do not count.
    chains = [0]
    source = io.StringIO(text + "\n")
    try:
        for token in tokenize.generate_tokens(source.readline):
            kind, text = token.type, token.string
            if kind in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                chains = [0]
                continue
            if kind == tokenize.OP and text in _OPEN:
                chains[-1] += 1
                chains.append(0)
                if len(chains) - 1 > MAX_NESTING:
                    return _issue(token, f"brackets are nested more than {MAX_NESTING} deep")
            elif kind == tokenize.OP and text in _CLOSE:
                if len(chains) > 1:
                    chains.pop()
            elif kind == tokenize.OP and text in _NOT_CHAINING:
                chains[-1] = 0
            elif kind == tokenize.OP or (kind == tokenize.NAME and text in _WORD_OPERATORS):
                chains[-1] += 1
            else:
                continue
            # each open bracket nests its chain inside the enclosing one: the tree is as
            # deep as the chains along the path
            if sum(chains) > MAX_CHAIN:
                return _issue(
                    token, f"more than {MAX_CHAIN} operators are chained in one expression"
                )
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # the parser reports what is wrong, and the scan up to here found no limit
    return None


def _issue(token: tokenize.TokenInfo, what: str) -> Issue:
    return Issue(
        token.start[0],
        token.start[1] + 1,
        f"{what}, over what a snippet may hold; quote a smaller part of the code",
    )


def markdown_limit(text: str, *, max_brackets: int = MAX_BRACKETS) -> tuple[int, str] | None:
    """The index and message of the first limit a Markdown text breaks, or None."""
    brackets = text.count("[")
    if brackets > max_brackets:
        index = _nth(text, "[", max_brackets + 1)
        return index, (
            f"the text holds {brackets:,} '[', over the limit of {max_brackets:,}; "
            "use fewer links or brackets"
        )
    index = 0
    for line in text.split("\n"):
        depth = _block_depth(line)
        if depth > MAX_MARKDOWN_NESTING:
            return index, (
                f"lists or quotes are nested more than {MAX_MARKDOWN_NESTING} levels deep; "
                "flatten them"
            )
        index += len(line) + 1
    return None


_MARKER = re.compile(r"[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*")


def _block_depth(line: str) -> int:
    """Markers that open a list item or a quote at the start of `line`, plus its indent."""
    depth, at = 0, 0
    while (match := _MARKER.match(line, at)) is not None and match.end() > at:
        depth += 1
        at = match.end()
    if not depth:
        return 0  # text or code: its indent opens nothing
    return depth + (len(line) - len(line.lstrip(" \t"))) // 2


def _nth(text: str, char: str, n: int) -> int:
    at = -1
    for _ in range(n):
        at = text.find(char, at + 1)
    return max(at, 0)
