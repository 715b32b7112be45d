"""`example-pages pin`: set each example's `ref` to a commit SHA at which its snippet matches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring import gitfiles
from ..authoring.yamledit import EditError
from ..errors import write_failure
from .options import content_options, site_with_clones


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "pin",
        help="pin every example to the newest commit at which its snippet matches",
        description="For every example whose `ref` is not a commit SHA, or whose snippet does "
        "not match at its ref, search the history of its file in a local clone (all branches, "
        "following renames) for the newest commit at which every chunk matches verbatim, and "
        "set `ref`, `line` (and `file`, if it was renamed). A clone is found in SOURCES by "
        "project id or repository name.",
    )
    parser.add_argument("--sources", type=Path, required=True, help="folder of local clones")
    parser.add_argument(
        "--repair",
        action="store_true",
        help="where no commit matches verbatim, rebuild the snippet from the file's own lines "
        "(lines left out become '# ...' lines; statements cut mid-way are completed)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="clones searched at once (default: CPU count)"
    )
    content_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..authoring.pin import apply_pins, pin_site, summary

    site = site_with_clones(args, "pin")
    if site is None:
        return 1
    total = sum(len(api.examples) for api in site.apis)
    bar = tqdm(total=total, desc="Pinning", unit="example", file=sys.stderr,
               disable=not sys.stderr.isatty(), leave=False)  # fmt: skip
    try:
        with bar:
            report = pin_site(
                site,
                args.sources,
                repair=args.repair,
                workers=args.jobs,
                feature_version=args.python_version,
                advance=bar.update,
            )
        apply_pins(site, report)
    except (gitfiles.GitError, EditError) as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    for entry in report.entries:
        p = entry.problem
        moved = entry.outcome.file and entry.outcome.file != entry.file
        if p.severity == "info" and not entry.diff and not moved:
            continue  # counted in the summary: a pin that changed only `ref` and `line`
        print(f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}")
        for row in entry.diff:
            print(row)
    print(summary(report, repair=args.repair))
    failed = any(e.problem.severity == "error" for e in report.entries)
    return 1 if failed else 0
