"""Write content YAML the way authors write it: schema line, model order, `|` blocks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..content.models import FILE_KINDS
from ..files import Output


def dump(data: dict[str, Any], kind: str) -> str:
    """One content file's text; checked to load back to exactly `data`."""
    writer = YAML(typ="rt", pure=True)
    writer.width = 4096
    writer.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    stream.write(FILE_KINDS[kind].schema_line() + "\n")
    writer.dump(_blocks(data), stream)
    text = stream.getvalue()
    if yaml.safe_load(text) != data:
        raise ValueError(f"the YAML written for {kind} does not load back to the same data")
    return text


def _blocks(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _blocks(v) for k, v in value.items()}
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        numbers = CommentedSeq(value)
        numbers.fa.set_flow_style()
        return numbers
    if isinstance(value, list):
        return [_blocks(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def write_content(
    out: Path,
    *,
    apis: dict[str, dict[str, Any]],
    projects: dict[str, dict[str, Any]],
    libraries: dict[str, dict[str, Any]],
) -> int:
    """Write every file under `out` (apis/, projects/, libraries/); return how many changed.

    A file already there that an earlier import did not write is never replaced (see
    `files.Output`): ValueError, before anything is written.
    """
    files: dict[str, str] = {}
    for folder, items in {"apis": apis, "projects": projects, "libraries": libraries}.items():
        for name, data in sorted(items.items()):
            files[f"{folder}/{name}.yml"] = dump(data, folder)
    return len(Output(out, files, among_others=True).write())
