"""Safe YAML loading that remembers where every value came from.

PyYAML's safe loader is used for scanning and parsing, but the node tree is turned into
plain Python data here, so that duplicate keys, aliases and deep nesting can be refused
with a location, and every value's line and column can be looked up later by its path
(`("examples", 1, "code")`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import MarkedYAMLError
from yaml.reader import ReaderError

from ..engine.compat import Speedups
from ..engine.compat.yaml import FastYaml
from ..errors import Problem
from .characters import refused_character
from .folder import read_limited
from .yamlsyntax import BREAK, Refused, short_tag, syntax_problem

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """Where a value starts (1-based), and for block scalars where its text starts."""

    line: int
    col: int
    block_line: int | None = None
    block_indent: int = 0

    def inside(self, line: int, col: int = 1) -> tuple[int, int]:
        """The file position of `line`:`col` (1-based) of this scalar's text."""
        if self.block_line is not None:
            return self.block_line + line - 1, self.block_indent + col
        if line == 1:
            return self.line, self.col + col - 1
        return self.line + line - 1, col


@dataclass
class Document:
    """A loaded content file: its data, and the position of every value and key."""

    path: Path
    shown: str
    data: Any = None
    values: dict[Key, Position] = field(default_factory=dict)
    keys: dict[Key, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def at(self, key: Key) -> Position:
        """Position of the value at `key`, or of its nearest enclosing value."""
        while key not in self.values and key:
            key = key[:-1]
        return self.values.get(key, Position(1, 1))

    def find(self, needle: str, guess: tuple[int, int], start: Position) -> tuple[int, int]:
        """`guess` if the file holds `needle` there, else where it first does from `start`.

        Folded and plain scalars join lines, so an offset into their value can miss.
        """
        line, col = guess
        if not needle or (
            0 < line <= len(self.lines) and self.lines[line - 1].startswith(needle, col - 1)
        ):
            return guess
        for index in range(start.line - 1, len(self.lines)):
            found = self.lines[index].find(needle, start.col - 1 if index == start.line - 1 else 0)
            if found >= 0:
                return index + 1, found + 1
        return guess

    def key_at(self, key: Key) -> Position:
        return self.keys.get(key) or self.at(key)

    def problem(self, key: Key, message: str, *, on_key: bool = False) -> Problem:
        pos = self.key_at(key) if on_key else self.at(key)
        return Problem(self.shown, pos.line, pos.col, message)


# YAML 1.1 reads `2020-02-30` as a date and fails on impossible ones; content has no dates,
# so such values stay strings (a git tag can look like a date).
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Line breaks to YAML that editors and Python do not count: positions would drift.
_ODDBREAKS = {"\x85": "U+0085 NEXT LINE", "\u2028": "U+2028 LINE SEPARATOR"}
_ODDBREAKS["\u2029"] = "U+2029 PARAGRAPH SEPARATOR"


class _Checks:
    """The refusals, applied while nodes are composed (mixed into both loaders)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and not isinstance(event, yaml.AliasEvent):
            raise Refused(
                problem=f"YAML tags such as {short_tag(tag)} are not allowed in content "
                "files; remove the tag (quote the value if it should be text)",
                problem_mark=event.start_mark,
            )
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark
            raise Refused(
                problem="aliases (*name) are not allowed in content files; "
                "write the value out in full",
                problem_mark=mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(
                    problem=f"values are nested more than {MAX_DEPTH} levels deep; "
                    "content files need only a few levels",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    """Pure-Python loader: its messages and marks are the ones authors see."""

    yaml_implicit_resolvers = _RESOLVERS


class _Resolvers:
    yaml_implicit_resolvers = _RESOLVERS


def _fast_node(text: str, fast: FastYaml | None) -> Any:
    """The node tree parsed by libyaml, or _SLOW when the pure-Python path must decide."""
    # libyaml's parser under the same composer and checks, for files without problems.
    made = fast.loader(_Checks, _Resolvers) if fast is not None else None
    if made is None:
        return _SLOW
    try:
        loader = made(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:
        return _SLOW


_SLOW = object()


def load_document(
    path: Path,
    shown: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    speedups: Speedups | None = None,
) -> tuple[Document, list[Problem]]:
    """Read and parse one YAML file; problems are returned, never raised.

    `speedups`: the build's, whose libyaml parser is tried first; None: PyYAML's pure-Python
    parser alone (the same result, slower).
    """
    doc = Document(path, shown)
    try:
        raw = read_limited(path, max_bytes)
    except OSError as e:
        return doc, [Problem(shown, 1, 1, f"cannot read the file: {e.strerror}")]
    if len(raw) > max_bytes:
        return doc, [
            Problem(
                shown,
                1,
                1,
                f"the file is over the limit of {max_bytes:,} bytes; "
                "split it, or raise `max_file_size` in mkdocs.yml",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        start = raw.rfind(b"\n", 0, e.start) + 1
        col = len(raw[start : e.start].decode("utf-8", "replace").removeprefix("\ufeff")) + 1
        return doc, [
            Problem(
                shown,
                line,
                col,
                f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    odd = [(text.index(char), name) for char, name in _ODDBREAKS.items() if char in text]
    if odd:
        index, name = min(odd)
        line, col = locate(text, index)
        return doc, [
            Problem(
                shown,
                line,
                col,
                f"the file contains {name}, an invisible line break that YAML counts "
                "but editors do not; remove it",
            )
        ]
    node = _fast_node(text, speedups.get(FastYaml) if speedups is not None else None)
    if node is not _SLOW:
        if node is None:
            return doc, []
        problems: list[Problem] = []
        doc.data = _Converter(doc, text, problems).convert(node, ())
        if not problems:
            return doc, []
        doc = Document(path, shown)  # let the pure-Python loader locate the problems
    try:
        loader = _Loader(text)
    except ReaderError as e:
        line, col = locate(text, e.position)
        name = "a null byte" if e.character == 0 else f"the control character U+{e.character:04X}"
        message = f"the file contains {name}, which content files cannot hold; remove it"
        return doc, [Problem(shown, line, col, message)]
    try:
        node = loader.get_single_node()
    except MarkedYAMLError as e:
        return doc, [syntax_problem(shown, text, e)]
    finally:
        loader.dispose()
    if node is None:
        return doc, []
    problems = []
    doc.data = _Converter(doc, text, problems).convert(node, ())
    return doc, problems


def locate(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`, counting line breaks as YAML does.

    The line starts are found once per text, so locating every problem of a file with
    thousands of them stays linear.
    """
    starts = _line_starts(text)
    line = bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in BREAK.finditer(text))]


class _Converter:
    def __init__(self, doc: Document, text: str, problems: list[Problem]) -> None:
        self.doc = doc
        self.text = text
        self.lines = doc.lines = BREAK.split(text)
        self.problems = problems
        self.constructor = SafeConstructor()

    def convert(self, node: yaml.Node, key: Key) -> Any:
        self.doc.values[key] = self._position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*key, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            value: Any = node.value
            refused = refused_character(value)
            if refused is not None:
                self._refused(node, value, *refused)
                return None
            return value
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as e:
            reason = "the number has too many digits" if isinstance(e, ValueError) else "unknown"
            if isinstance(e, ConstructorError):
                reason = f"no reader for {short_tag(str(node.tag))}"
            self._add(where, f"cannot read this value ({reason}); quote it if it is text")
            return None
        if isinstance(value, str):
            refused = refused_character(value)
            if refused is not None:
                self._refused(node, value, *refused)
                return None
        return value

    def _refused(self, node: yaml.Node, value: str, index: int, reason: str) -> None:
        char = value[index]
        span = self.text[node.start_mark.index : node.end_mark.index]
        raw = span.find(char) if char not in "\r\n" else -1
        if raw >= 0:
            line, col = locate(self.text, node.start_mark.index + raw)
            self._add((line, col), f"the text contains {reason}; remove it")
            return
        line_in_value = value.count("\n", 0, index) + 1
        self._add(
            (node.start_mark.line + 1, node.start_mark.column + 1),
            f"the text contains {reason}, written as an escape (line {line_in_value} of "
            "the value); remove it",
        )

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            before = len(self.problems)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._add(where, "merge keys (<<) are not allowed; write the keys out")
                continue
            name = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if name is None and len(self.problems) > before:
                continue
            if not isinstance(name, str):
                self._add(where, "keys must be plain names; quote this key or remove it")
                continue
            child = (*key, name)
            if name in result:
                first = self.doc.keys[child]
                self._add(
                    where,
                    f"duplicate key '{name}' (first given at line {first.line}); "
                    "YAML keeps only one of them, so remove or rename one",
                )
                continue
            self.doc.keys[child] = Position(*where)
            result[name] = self.convert(value_node, child)
        return result

    def _add(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.doc.shown, where[0], where[1], message))

    def _position(self, node: yaml.Node) -> Position:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            first = node.start_mark.line + 1  # 0-based index of the first text line
            end = min(node.end_mark.line + 1, len(self.lines))
            for index in range(first, end):
                text = self.lines[index]
                if text.strip():
                    indent = len(text) - len(text.lstrip(" "))
                    return Position(line, col, block_line=first + 1, block_indent=indent)
            return Position(line, col, block_line=first + 1)
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            return Position(line, col + 1)
        return Position(line, col)
