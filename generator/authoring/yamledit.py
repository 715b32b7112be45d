"""Editing content files in place: comments, key order and formatting kept, atomic writes.

The file is loaded with ruamel.yaml's round-trip mode, in the indentation style that
reproduces it unchanged, so that an edit rewrites only the values it touches.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from ..files import write_atomic

# (mapping, sequence, offset): `key:\n  - item` first, the style content files use
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 6, 2), (4, 4, 0), (4, 4, 2))


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class EditError(Exception):
    """Raised by `generator.yamledit.Editor` when a file cannot be read as YAML."""


def flow_list(values: list[Any]) -> CommentedSeq:
    """A list written on one line, `[1, 24, 57]`."""
    flow = CommentedSeq(values)
    flow.fa.set_flow_style()
    return flow


class Editor:
    """A content file loaded for editing; `save` writes it back atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.original = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise EditError(f"{path}: cannot read the file: {e}") from None
        self.yaml = _yaml(_STYLES[0])
        self.data: Any = None
        self.faithful = False
        for style in _STYLES:
            yaml = _yaml(style)
            try:
                data = yaml.load(self.original)
            except YAMLError as e:
                raise EditError(f"{path}: not valid YAML; run `example-pages check`: {e}") from None
            if self.data is None:
                self.yaml, self.data = yaml, data
            if _dump(yaml, data) == self.original:
                self.yaml, self.data, self.faithful = yaml, data, True
                break
        if not isinstance(self.data, CommentedMap):
            raise EditError(f"{path}: expected a mapping of keys; run `example-pages check`")

    def text(self) -> str:
        return _dump(self.yaml, self.data)

    def save(self) -> bool:
        """Write the file if its text changed; return whether it was written."""
        text = self.text()
        if text == self.original:
            return False
        write_atomic(self.path, text.encode("utf-8"))
        self.original = text
        return True

    def examples(self) -> CommentedSeq:
        """The `examples` list, created (in block style) when missing or empty."""
        current = self.data.get("examples")
        if isinstance(current, CommentedSeq) and len(current) > 0:
            return current
        if current is not None and not isinstance(current, list):
            raise EditError(
                f"{self.path}: `examples` is not a list; run `example-pages check` and fix it"
            )
        fresh = CommentedSeq()
        self.data["examples"] = fresh
        return fresh

    def append_example(self, fields: dict[str, Any]) -> None:
        """Add an example at the end, after a blank line, with `code` as a literal block."""
        examples = self.examples()
        entry = CommentedMap()
        for key, value in fields.items():
            if key == "code":
                entry[key] = LiteralScalarString(value)
            elif isinstance(value, list):
                entry[key] = flow_list(value)
            else:
                entry[key] = value
        examples.append(entry)
        if len(examples) > 1:
            examples.yaml_set_comment_before_after_key(len(examples) - 1, before="\n")
