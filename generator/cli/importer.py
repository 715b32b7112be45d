"""`example-pages import fsp <pages> --out <content>`: convert another site's pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import escape, write_failure
from ..files import Output


def add_parser(commands: Any) -> None:
    """Add `import` and its sources to the CLI's subcommands."""
    parser = commands.add_parser("import", help="convert another site's example pages to YAML")
    sources = parser.add_subparsers(dest="source", required=True)
    fsp = sources.add_parser(
        "fsp",
        help="Full Stack Python's Markdown example pages",
        description="Convert Full Stack Python's example pages (a folder of Markdown files, "
        "searched recursively) into apis/, projects/ and libraries/ YAML under --out, then "
        "list what could not be mapped.",
    )
    fsp.add_argument("pages", type=Path, help="folder of the Markdown pages")
    fsp.add_argument("--out", type=Path, required=True, help="content folder to write into")
    fsp.set_defaults(run=run_fsp)


def run_fsp(args: argparse.Namespace) -> int:
    from ..importer.fsp import import_fsp

    if not args.pages.is_dir():
        print(f"{args.pages}: not a folder; give the folder of Markdown pages", file=sys.stderr)
        return 1
    try:
        Output(args.out, {}, among_others=True)  # a file, or a bad marker: before the work
        report = import_fsp(args.pages, args.out)
    except ValueError as e:
        print(f"--out {escape(args.out.as_posix())}: {escape(str(e))}", file=sys.stderr)
        return 1
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    print(report.summary())
    return 0
