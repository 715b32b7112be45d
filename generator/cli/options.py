"""Options several commands share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import FOLDER
from ..settings import parse_python_version

if TYPE_CHECKING:
    from ..content.entries import Site
    from ..errors import Problem
    from ..settings import Settings


def python_version(text: str) -> tuple[int, int]:
    """An argparse type: '3.8' -> (3, 8); anything else is a usage error, not a traceback."""
    try:
        return parse_python_version(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def templates_option(parser: argparse.ArgumentParser) -> None:
    """--templates: the site's own templates folder."""
    parser.add_argument(
        "--templates",
        type=Path,
        default=Path("templates"),
        help="folder of templates that replace the packaged ones (default: templates/, if any)",
    )


def content_options(parser: argparse.ArgumentParser) -> None:
    """--content, --python-version, --snippet-errors and --no-cache."""
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument(
        "--python-version", type=python_version, default="3.8", help="oldest grammar snippets use"
    )
    parser.add_argument(
        "--snippet-errors",
        choices=("error", "warn"),
        default="error",
        help="warn: list snippet problems without failing",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the cache in {FOLDER.as_posix()}/",
    )


def site_with_clones(args: argparse.Namespace, doing: str | None = None) -> Site | None:
    """The checked site for a command that reads clones in --sources; None after printing why.

    `doing`, if given, completes the hint "Run with --snippet-errors warn to ...".
    """
    from ..content.load import load_site
    from ..errors import ContentError, format_problems
    from ..settings import Settings

    if not args.sources.is_dir():
        print(
            f"--sources {args.sources.as_posix()} is not a folder; clone each project into it, "
            "in a folder named by the project id or the repository name",
            file=sys.stderr,
        )
        return None
    settings = Settings(python_version=args.python_version, snippet_errors=args.snippet_errors)
    try:
        return load_site(args.content, root=Path.cwd(), settings=settings)
    except ContentError as e:
        print(format_problems(e.problems), file=sys.stderr)
        if doing:
            print(f"Run with --snippet-errors warn to {doing} a site whose snippets have errors.",
                  file=sys.stderr)  # fmt: skip
        return None


def symbol_problems(site: Site, sources: Path) -> tuple[str, list[Problem] | None]:
    """`check --sources`: the symbol examples' problems and a phrase for the summary line.

    None instead of problems (after printing why) when `sources` is no folder or git fails.
    """
    from ..authoring import gitfiles
    from ..authoring.symbolcheck import check_symbols
    from ..wording import plural

    if not sources.is_dir():
        print(f"--sources {sources.as_posix()} is not a folder of clones", file=sys.stderr)
        return "", None
    try:
        result = check_symbols(site, sources)
    except gitfiles.GitError as e:
        print(e, file=sys.stderr)
        return "", None
    phrase = f", {plural(result.checked, 'symbol')} proved against clones"
    if result.unchecked:
        phrase += f" ({result.unchecked} without a clone or commit)"
    return phrase, result.problems


def dead_links(
    args: argparse.Namespace, site: Site, pages: Mapping[str, str], settings: Settings
) -> list[Problem]:
    """The content's dead links on the rendered `pages` (warnings under `--snippet-errors
    warn`); raises ContentError listing them with the site's warnings where one is an error.

    Links may lead to the files of `--docs-dir`, or of the content folder without it.
    """
    from ..errors import ContentError
    from ..render.linkcheck import link_problems

    docs_dir = getattr(args, "docs_dir", None) or args.content
    problems = link_problems(
        site,
        pages,
        docs_dir=docs_dir,
        content=args.content,
        root=Path.cwd(),
        severity="warning" if settings.snippet_errors == "warn" else "error",
    )
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems + site.warnings)
    return problems
