"""Options several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cache import FOLDER
from ..settings import parse_python_version


def python_version(text: str) -> tuple[int, int]:
    """An argparse type: '3.8' -> (3, 8); anything else is a usage error, not a traceback."""
    try:
        return parse_python_version(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def content_options(parser: argparse.ArgumentParser) -> None:
    """--content, --python-version, --snippet-errors and --no-cache."""
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument(
        "--python-version", type=python_version, default="3.8", help="oldest grammar snippets use"
    )
    parser.add_argument("--snippet-errors", choices=("error", "warn"), default="error")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the cache in {FOLDER.as_posix()}/",
    )
