"""The `example-pages` command: check content, write the rendered pages, and the authoring tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..cache import FOLDER
from ..content.load import load_site
from ..errors import ContentError, TemplateError, format_problems
from ..settings import Settings
from ..wording import plural
from .options import content_options, dead_links, templates_option

# Subcommands in modules of their own, imported only when named (or for --help), so that
# `check` in a pre-commit hook or an editor starts fast.
SUBCOMMANDS = {
    "init": "example_pages.cli.init",
    "new": "example_pages.cli.new",
    "harvest": "example_pages.cli.harvest",
    "verify": "example_pages.cli.verify",
    "pin": "example_pages.cli.pin",
    "schema": "example_pages.cli.schema",
    "import": "example_pages.cli.importer",
    "zensical": "example_pages.cli.zensical",
}


def _version() -> str:
    try:
        return version("example-pages")
    except PackageNotFoundError:  # imported from a source tree that pip never installed
        return "(not installed)"


class CommandParser(argparse.ArgumentParser):
    """An argument parser that keeps what is added to it: its arguments and subcommands.

    The reference pages of the documentation list every subcommand and option from these,
    without argparse's private attributes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.arguments: list[argparse.Action] = []
        self.subcommands: dict[str, CommandParser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.arguments.append(action)
        return action

    def add_subparsers(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", self._subcommand)
        return super().add_subparsers(*args, **kwargs)

    def _subcommand(self, **kwargs: Any) -> CommandParser:
        # argparse names a subcommand's parser "<parent prog> <name>" and passes only that
        parser = CommandParser(**kwargs)
        self.subcommands[parser.prog.rsplit(" ", 1)[-1]] = parser
        return parser


def make_parser(argv: Sequence[str] = ()) -> CommandParser:
    """The parser of `example-pages`, with every subcommand (only the one `argv` names, if any)."""
    parser = CommandParser(
        prog="example-pages", description="Build pages of real-world Python example code."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "check",
        help="load, validate and check every content file",
        description="Load, validate and check every content file; print every problem, located.",
    )
    content_options(check)
    check.add_argument(
        "--docs-dir",
        type=Path,
        help="the site's docs_dir, where links may lead (default: the content folder)",
    )
    templates_option(check)
    check.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format"
    )
    check.add_argument(
        "--sources",
        type=Path,
        help="folder of local clones: also prove each `symbol:` example is that symbol's "
        "source at its ref",
    )

    build = commands.add_parser(
        "build",
        help="write the rendered Markdown pages to a folder",
        description="Check the content, then write the rendered Markdown pages and their nav "
        "to a folder, for an engine that runs no plugin of ours (Zensical).",
    )
    content_options(build)
    build.add_argument("--out", type=Path, required=True, help="folder to write pages into")
    templates_option(build)
    build.add_argument(
        "--theme",
        type=Path,
        help="also write the packaged theme overrides to this folder (a custom_dir for Zensical)",
    )
    build.add_argument(
        "--watch", action="store_true", help="keep running: rebuild whenever the content changes"
    )

    named = [SUBCOMMANDS[argv[0]]] if argv and argv[0] in SUBCOMMANDS else SUBCOMMANDS.values()
    if not argv or argv[0] not in ("check", "build"):
        for module in named:
            import_module(module).add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):
        return int(args.run(args))
    settings = Settings(
        python_version=args.python_version,
        snippet_errors=args.snippet_errors,
        cache=None if args.no_cache else Path.cwd() / FOLDER,
    )
    if args.command == "build":
        from .build import build_once
        from .watch import watch

        return watch(args, settings) if args.watch else build_once(args, settings)
    try:
        site = load_site(args.content, root=Path.cwd(), settings=settings)
        from ..render.linkcheck import LazyPages
        from ..render.renderer import Renderer

        pages = LazyPages(site, lambda: Renderer(args.templates).pages(site))
        site.warnings += dead_links(args, site, pages, settings)
    except TemplateError as e:
        print(e, file=sys.stderr)
        return 1
    except ContentError as e:
        fmt = getattr(args, "format", "text")
        # annotations and JSON are for machines: stdout, so they can be piped
        out = sys.stderr if fmt == "text" else sys.stdout
        print(format_problems(e.problems, fmt=fmt), file=out)
        return 1
    # check
    found = list(site.warnings)
    symbols = ""
    if args.sources is not None:
        from .options import symbol_problems

        symbols, more = symbol_problems(site, args.sources)
        if more is None:
            return 1
        found += more
    failed = any(p.severity == "error" for p in found)
    if found or args.format == "json":
        out = sys.stderr if args.format == "text" else sys.stdout
        print(format_problems(found, fmt=args.format, counted=failed), file=out)
    if failed:
        return 1
    examples = sum(len(api.examples) for api in site.apis)
    if args.format == "text":
        warnings = f", {plural(len(found), 'warning')}" if found else ""
        print(
            f"Checked {plural(len(site.apis), 'API page')} with "
            f"{plural(examples, 'example')} from {plural(len(site.projects), 'project')}"
            f"{symbols}: no errors{warnings}."
        )
    return 0
