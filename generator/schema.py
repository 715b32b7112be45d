"""JSON Schema files for editors, generated from the content models.

`python -m generator.schema` writes them to `schemas/`; `--check` fails when they drift.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.models import ApiPage, Library, Project, json_schema

SCHEMAS: dict[str, type[BaseModel]] = {"project": Project, "api": ApiPage, "library": Library}
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "schemas"


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
        (directory / name).write_text(text)


def add_parser(commands: Any) -> None:
    """`example-pages schema`: the same, into ./schemas by default."""
    parser = commands.add_parser(
        "schema",
        help="write the JSON Schema files editors use",
        description="Write project, API and library schemas, generated from the content models.",
    )
    parser.add_argument("--dir", type=Path, default=Path("schemas"), help="folder to write to")
    parser.add_argument("--check", action="store_true", help="fail if the files are out of date")
    parser.set_defaults(run=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.schema")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true", help="fail if the files are out of date")
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    if args.check:
        names = stale(args.dir)
        if names:
            print(
                f"Out of date: {', '.join(names)}; run `python -m generator.schema` to rewrite.",
                file=sys.stderr,
            )
            return 1
        return 0
    write(args.dir)
    print(f"Wrote {len(SCHEMAS)} schemas to {args.dir.as_posix()}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
