"""`example-pages build`: check the content, then write the rendered pages (and --watch)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.load import FileCache, load_site
from ..engine.standalone import NAV_FILE, nav_file, theme_files
from ..errors import ContentError, TemplateError, escape, format_problems
from ..files import out_problem, write_pages
from ..render.renderer import Renderer
from ..settings import Settings
from .options import dead_links


def build_once(args: argparse.Namespace, settings: Settings, cache: FileCache | None = None) -> int:
    """Load, check and render the content, then write what changed; print what happened."""
    try:
        site = load_site(args.content, root=Path.cwd(), settings=settings, cache=cache)
        pages = Renderer(args.templates).pages(site)
        site.warnings += dead_links(args, site, pages, settings)
    except ContentError as e:
        print(format_problems(e.problems), file=sys.stderr)
        return 1
    except TemplateError as e:
        print(e, file=sys.stderr)
        return 1
    if site.warnings:
        print(format_problems(site.warnings), file=sys.stderr)
    refusal = out_problem(args.out, args.content)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
    try:
        written = write_pages(args.out, pages)
        write_pages(args.out, {NAV_FILE: nav_file(site)})
    except (ValueError, OSError) as e:
        print(f"--out {escape(args.out.as_posix())}: {escape(str(e))}", file=sys.stderr)
        return 1
    print(
        f"Wrote {written} of {len(pages)} pages to {args.out} (the rest were unchanged).",
        flush=True,
    )
    if args.theme is not None:
        theme = write_pages(args.theme, theme_files())
        print(f"Wrote {theme} theme files to {args.theme} (the rest were unchanged).", flush=True)
    return 0
