"""`example-pages build`: check the content, then write the rendered pages (and --watch)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from ..content.load import FileCache, load_site
from ..engine.standalone import NAV_FILE, nav_file, theme_files
from ..errors import ContentError, TemplateError, escape, format_problems, write_failure
from ..files import Output, out_problem
from ..render.provenance import site_records
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
    # objects.inv and examples.json too, as the plugin writes them (with directory URLs, which
    # Zensical and MkDocs use by default)
    records = site_records(site, project=Path.cwd().name, site_url=None, directory_urls=True)
    outputs: list[tuple[str, Path, Mapping[str, str | bytes]]] = [
        ("--out", args.out, {**pages, NAV_FILE: nav_file(site), **records})
    ]
    if args.theme is not None:
        outputs.append(("--theme", args.theme, theme_files()))
    planned: list[Output] = []
    for option, folder, files in outputs:
        refusal = out_problem(folder, args.content, project=Path.cwd())
        if refusal is not None:
            print(refusal.replace("--out", option, 1), file=sys.stderr)
            return 1
        try:
            planned.append(Output(folder, files))
        except ValueError as e:
            print(f"{option} {escape(folder.as_posix())}: {escape(str(e))}", file=sys.stderr)
            return 1
    try:
        written = [rel for rel in planned[0].write() if rel in pages]
        theme = planned[1].write() if len(planned) > 1 else []
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    print(
        f"Wrote {len(written)} of {len(pages)} pages to {args.out} (the rest were unchanged).",
        flush=True,
    )
    if args.theme is not None:
        print(
            f"Wrote {len(theme)} theme files to {args.theme} (the rest were unchanged).",
            flush=True,
        )
    return 0
