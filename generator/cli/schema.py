"""`example-pages schema [--check]`: write or check the editor schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..content.schema import DEFAULT_DIR, SCHEMAS, stale, write
from ..errors import write_failure


def add_parser(commands: Any) -> None:
    """`example-pages schema`: into ./schemas by default (the package's own with `main`)."""
    parser = commands.add_parser(
        "schema",
        help="write the JSON Schema files editors use",
        description="Write project, API and library schemas, generated from the content models.",
    )
    parser.add_argument("--dir", type=Path, default=Path("schemas"), help="folder to write to")
    parser.add_argument("--check", action="store_true", help="fail if the files are out of date")
    parser.set_defaults(run=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m example_pages.cli.schema")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true", help="fail if the files are out of date")
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    if args.check:
        names = stale(args.dir)
        if names:
            print(
                f"Out of date: {', '.join(names)}; "
                f"run `example-pages schema --dir {args.dir.as_posix()}` to rewrite.",
                file=sys.stderr,
            )
            return 1
        return 0
    try:
        write(args.dir)
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    print(f"Wrote {len(SCHEMAS)} schemas to {args.dir.as_posix()}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
