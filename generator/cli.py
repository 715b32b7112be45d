"""The `example-pages` command: check content, or write the rendered pages."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

from generator.content import Settings, load_site
from generator.errors import ContentError, format_problems

# Subcommands in modules of their own, imported only when named (or for --help), so that
# `check` in a pre-commit hook or an editor starts fast.
SUBCOMMANDS = {
    "new": "generator.scaffold",
    "harvest": "generator.harvest",
    "verify": "generator.verify",
    "schema": "generator.schema",
    "import": "generator.importer.command",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="example-pages", description="Build pages of real-world Python example code."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="load, validate and check every content file")
    _content_options(check)
    check.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format"
    )

    build = commands.add_parser("build", help="write the rendered Markdown pages to a folder")
    _content_options(build)
    build.add_argument("--out", type=Path, required=True, help="folder to write pages into")
    build.add_argument("--templates", type=Path, default=Path("templates"))

    named = [SUBCOMMANDS[argv[0]]] if argv and argv[0] in SUBCOMMANDS else SUBCOMMANDS.values()
    if not argv or argv[0] not in ("check", "build"):
        for module in named:
            import_module(module).add_parser(commands)

    args = parser.parse_args(argv)
    if hasattr(args, "run"):
        return int(args.run(args))
    settings = Settings(
        python_version=tuple(int(p) for p in args.python_version.split(".")[:2]),  # type: ignore[arg-type]
        snippet_errors=args.snippet_errors,
    )
    try:
        site = load_site(args.content, root=Path.cwd(), settings=settings)
    except ContentError as e:
        fmt = getattr(args, "format", "text")
        # annotations and JSON are for machines: stdout, so they can be piped
        out = sys.stderr if fmt == "text" else sys.stdout
        print(format_problems(e.problems, fmt=fmt), file=out)
        return 1
    if args.command == "check":
        if site.warnings or args.format == "json":
            out = sys.stderr if args.format == "text" else sys.stdout
            print(format_problems(site.warnings, fmt=args.format), file=out)
        examples = sum(len(api.examples) for api in site.apis)
        if args.format == "text":
            print(
                f"Checked {len(site.apis)} API pages with {examples} examples "
                f"from {len(site.projects)} projects: no errors."
            )
        return 0
    from generator.output import write_pages
    from generator.render import Renderer

    pages = Renderer(args.templates).pages(site)
    written = write_pages(args.out, pages)
    print(f"Wrote {written} of {len(pages)} pages to {args.out} (the rest were unchanged).")
    return 0


def _content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--python-version", default="3.8", help="oldest grammar snippets use")
    parser.add_argument("--snippet-errors", choices=("error", "warn"), default="error")


if __name__ == "__main__":
    sys.exit(main())
