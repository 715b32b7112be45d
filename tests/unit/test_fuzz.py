"""Fuzzing the loader: any file gives a checked site or located problems, nothing else.

`FUZZ_EXAMPLES=10000 .venv/bin/pytest tests/test_fuzz.py` runs the long version.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from example_pages.checks.excerpts import _PAIRS, _STRING_START, Scan, scan
from example_pages.checks.limits import _expression_issue, _token_scan
from example_pages.checks.markdown import markdown_issues
from example_pages.content.load import load_site
from example_pages.engine.htmlpost import squeeze
from example_pages.errors import ContentError

VALID_PROJECT = """\
name: demo-project
repo: https://example.com/demo/demo-project
license: MIT
description: A project made up for tests, with a [link](https://example.com).
links:
  PyPI: https://example.com/pypi
"""
VALID_API = """\
# yaml-language-server: $schema=../../schemas/api.schema.json
api: demo.signals.Signal
kind: class
summary: >-
  A made-up *API*.
examples:
  - project: demo-project
    file: demo/signals.py
    ref: 0123456789abcdef0123456789abcdef01234567
    line: 3
    highlight: [1, 3]
    description: "A note."
    code: |
      from demo.signals import Signal

      ready = Signal()
  - {project: demo-project, file: b.py, ref: v1.0, expect_use: false, code: "x = 1"}
"""
FILES = {"projects/demo-project.yml": VALID_PROJECT, "apis/demo.signals.Signal.yml": VALID_API}
TOKENS = [
    *("api:", "kind:", "summary:", "examples:", "project:", "code:", "line:", "highlight:"),
    *("name:", "repo:", "license:", "links:", "description:", "ref:", "file:"),
    *("- ", "  ", "    ", "\n", "\r\n", "\t", ": ", ":", ",", "[", "]", "{", "}", "? "),
    *("&a ", "*a", "!!str ", "!!python/object:os.system ", "!x ", "<<: ", "|", "|+", ">-"),
    *("'", '"', "\\", "\\x00", "\\ud800", "#", "---\n", "...\n", "%YAML 1.1\n", "~", "null"),
    *("0x1F", "1e400", "9" * 60, "2020-02-30", "yes", ".inf", "-", "=", "@", "`"),
    *("\x00", "\x07", "\x85", "\u2028", "\ufeff", "\ufffe", "\U0001f600", "é", "<script>"),
]
yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=40).map(
    "".join
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid file with a few characters inserted, deleted or replaced."""
    text = draw(st.sampled_from(list(FILES.values())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        insert = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)))
        text = text[:at] + insert + text[at + cut :]
    return text


documents = st.one_of(
    yamlish.map(lambda t: t.encode("utf-8", "surrogatepass")),
    mutated().map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
)
_BREAKS = re.compile(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=documents, target=st.sampled_from(sorted(FILES)))
@example(data=b"---", target="apis/demo.signals.Signal.yml")
def test_any_file_gives_a_site_or_located_problems(
    tmp_path: Path, data: bytes, target: str
) -> None:
    content = tmp_path / "content"
    for rel, text in FILES.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (content / target).write_bytes(data)

    try:
        load_site(content, root=tmp_path)
    except ContentError as e:
        event("problems")
        lines = len(_BREAKS.findall(data)) + 1
        for problem in e.problems:
            assert problem.path == f"content/{target}", problem
            assert 1 <= problem.line <= lines, problem
            assert problem.col >= 1, problem
            assert problem.message and "\n" not in problem.message, problem
    else:
        event("valid")


# Everything Markdown reads as syntax, except the characters that start raw HTML, links,
# images, attribute lists, entities and tables.
PLAIN_MARKDOWN = st.lists(
    st.sampled_from([*"ab Z9\n\t*_#>-+.!()~:;\"'\\/=`?@%$^,éλ\u00a0", "javascript:", "http://"]),
    max_size=60,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(PLAIN_MARKDOWN)
@example("javascript:alert(1)")
@example("    indented code\n\n1. one\n2. two\n\n> quote\n\n---\n\n# Title")
@example("```\nunclosed fence")
@example("a\n---\n:-- right\n")
def test_a_field_without_markup_characters_is_checked_without_converting_it(text: str) -> None:
    assert markdown_issues(text) == markdown_issues(text, quick=False)


# Markdown syntax of every kind but what starts raw HTML and entities ('<', '&').
WITHOUT_RAW_HTML = st.lists(
    st.sampled_from(
        [*"ab Z9\n\t*_#>-+.!()[]{}|~:;\"'\\/=`?@%$^,éλ\u00a0", "](", "[x]: ", "http://a.b"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(WITHOUT_RAW_HTML)
@example("a > b\n\n> quote\n\n```\ncode\n```\n\n    indented")
@example("[x](http://a.b) `code` \\* *em* **strong**")
def test_markdown_stashes_raw_html_only_for_text_with_its_characters(text: str) -> None:
    # The check converts a field with plain Markdown for its raw HTML only where the field
    # holds '<' or '&'.
    md = markdown.Markdown()
    md.convert(text)
    assert md.htmlStash.rawHtmlBlocks == []


CODE_PIECES = st.lists(
    st.sampled_from(
        [
            *("a", " ", "(", ")", "[", "]", "{", "}", ".b", "+", "**", "==", ",", "=", ":"),
            *("\n", "not ", " and ", " if ", "'(('", '"""x\n)"""', "# ((\n", "\\\n", "f(x)"),
            # what decides where tokenize ends a statement, or stops
            *("\n    ", "\n  ", "\n\t", "\n \t", "'''", '"', "'", "r'", 'b"', "\\", "#"),
            *("\r", "\f", "...", "1.5", "1e-5", "lambda ", "x.not_y", ")'", "'(", "\n\n"),
        ]
    ),
    max_size=300,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(CODE_PIECES)
@example("x = " + " + ".join(["a"] * 101))
@example("x = " + "(" * 51 + ")" * 51)
@example("x = '" + "(" * 60 + "'")
def test_the_counting_bound_never_skips_a_limit_the_token_scan_finds(text: str) -> None:
    found = _token_scan(text)
    event("over a limit" if found else "within the limits")
    assert _expression_issue(text.split("\n")) == found


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(CODE_PIECES.map(lambda text: "x = (" * 30 + text + " + a" * 60))
@example(")\n\r" + "+" * 102)  # a line after more closing brackets than opening ones
@example("  \r+\n\t}(\n  " + "+" * 102)  # a carriage return where indentation ends
@example("if x:\n        a\n    b\n" + "a + " * 101)  # tokenize stops at the dedent
@example("def f(\n" + "    a.b,\n" * 120 + "):\n    pass\n")  # long, yet chains nothing
@example("x = '''\n" + "a + " * 120 + "\n'''\ny = " + "(" * 60 + ")" * 60)
@example("s = 'a\\\n" + "+" * 120 + "'")  # a string continued with a backslash
def test_statements_over_the_bound_are_scanned_as_the_whole_text_is(text: str) -> None:
    """Texts over the whole-text bound: the statement scan finds what tokenizing finds."""
    assert _expression_issue(text.split("\n")) == _token_scan(text)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "a", "<p>", "\r"]), max_size=60).map("".join))
@example("")
@example("\n \n\t\na\n")
def test_squeezing_lines_equals_the_two_substitutions(text: str) -> None:
    assert squeeze(text) == re.sub(r"\n{2,}", "\n", re.sub(r"\n[ \t]+", "\n", text))


_STRING_CHARS = frozenset("'\"rRbBuUfF")  # where a string can start


def _scan_by_character(lines: list[str]) -> Scan:
    """`scan` as it was written first, one character at a time: the reference."""
    result = Scan([False] * len(lines))
    stack: list[tuple[int, int, str]] = []
    quote: str | None = None
    for i, text in enumerate(lines):
        result.starts[i] = quote is None and not stack and not result.continued
        if text.strip():
            result.continued = False
        col = 0
        while col < len(text):
            char = text[col]
            if quote is not None:
                if char == "\\":
                    col += 2
                elif text.startswith(quote, col):
                    col += len(quote)
                    quote, result.string = None, None
                else:
                    col += 1
                continue
            match = _STRING_START.match(text, col) if char in _STRING_CHARS else None
            if match:
                quote = match.group(1)
                result.string = (i, col)
                result.last = "'"
                col = match.end()
                continue
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
            if not char.isspace():
                result.last = char if not stack else "("
            col += 1
        if quote in ("'", '"'):
            quote = None  # a one-line string cannot continue; the parser reports it
    result.opened = stack
    return result


SCAN_PIECES = st.lists(
    st.sampled_from(
        [
            *("a", "x1", " ", "\t", "(", ")", "[", "]", "{", "}", "#", "# c", "\\", "\\\n"),
            *("'", '"', "'''", '"""', "r'", 'b"', "rb'", "F'", "bar'", "u'''", "\\'", '\\"'),
            *("\n", "\n    ", "\n\n", "\\\\", " \\", ":", "=", "é", "\u00a0", "\u2028"),
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(SCAN_PIECES)
@example("x = (1,\n     'a\\\n  b')  # )\ny = r'''\n)'''\\\n")
@example("bar'x' + f\"{a}\" ]")
def test_scanning_by_pattern_finds_what_scanning_by_character_does(text: str) -> None:
    lines = text.split("\n")
    assert scan(lines) == _scan_by_character(lines)
