"""JSON Schema files for editors, generated from the content models.

`example-pages schema` writes them; `--check` fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .. import resources
from ..files import write_if_changed
from .freshness import Record
from .models import FILE_KINDS, json_schema
from .outputs import ExamplesFile

SCHEMAS: dict[str, type[BaseModel]] = {kind.schema: kind.model for kind in FILE_KINDS.values()}
SCHEMAS["examples"] = ExamplesFile  # what a build writes: examples.json at the site root
SCHEMAS["freshness"] = Record  # what verify --record writes: content/freshness.yml
DEFAULT_DIR = resources.SCHEMAS


def schema_texts() -> dict[str, str]:
    """The text of each schema file, keyed by file name."""
    return {
        f"{name}.schema.json": json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n"
        for name, model in SCHEMAS.items()
    }


def stale(directory: Path) -> list[str]:
    """Names of the schema files in `directory` that are missing or differ."""
    return [
        name
        for name, text in schema_texts().items()
        if not (directory / name).is_file() or (directory / name).read_text() != text
    ]


def write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        write_if_changed(directory / name, text.encode("utf-8"))
