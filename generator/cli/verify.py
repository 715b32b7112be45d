"""`example-pages verify`: check every pinned snippet against local clones, without network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring import gitfiles
from ..authoring.verify import Report, apply_updates, verify_site
from ..authoring.yamledit import EditError
from ..errors import escape
from ..wording import plural
from .options import content_options, site_with_clones


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "verify",
        help="check every snippet against local clones of its project",
        description="Read each example's file at its `ref` in a local clone (no network) and "
        "check that the snippet is still there, verbatim and in order, at `line`; the clone's "
        "HEAD is checked too. A clone is found in SOURCES by project id or repository name.",
    )
    parser.add_argument("--sources", type=Path, required=True, help="folder of local clones")
    parser.add_argument(
        "--update",
        action="store_true",
        help="move `ref` (and `line`) to each clone's HEAD where the snippet still matches",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail on HEAD drift and missing clones"
    )
    content_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = site_with_clones(args)
    if site is None:
        return 1
    try:
        report = verify_site(site, args.sources, update=args.update)
        written = apply_updates(report) if args.update else 0
    except (gitfiles.GitError, EditError) as e:
        print(e, file=sys.stderr)
        return 1
    for finding in sorted(report.findings, key=lambda f: f.problem):
        p = finding.problem
        print(f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}")
        for row in finding.diff:
            print(escape(row))
    print(summary(report, update=args.update, written=written))
    if args.update:
        return 1 if report.stale else 0
    failed = report.drifted or report.ref_missing or report.file_missing or report.unreadable
    failed = failed or (args.strict and (report.stale or report.unchecked))
    return 1 if failed else 0


def summary(report: Report, *, update: bool, written: int = 0) -> str:
    """The closing line of `verify`."""
    parts = []
    if update:
        moved = sum(len(changes) for changes in report.updates.values())
        parts.append(f"Moved {plural(moved, 'example')} to HEAD in {plural(written, 'file')}")
        parts.append(f"{report.current} already at HEAD")
        if report.stale:
            verb = "matches" if report.stale == 1 else "match"
            parts.append(f"{report.stale} no longer {verb} HEAD, not moved")
    else:
        parts.append(
            f"Checked {plural(report.checked, 'example')} "
            f"in {plural(len(report.clones), 'clone')}: "
            f"{report.matched} {'matches its' if report.matched == 1 else 'match their'} ref, "
            f"{report.drifted} drifted"
        )
        if report.unpinned:
            parts.append(f"{report.unpinned} at a branch, not a commit (run pin)")
        if report.ref_missing:
            parts.append(f"{report.ref_missing} ref missing")
        if report.file_missing:
            parts.append(f"{report.file_missing} file missing")
        if report.stale:
            parts.append(
                f"{report.stale} no longer {'matches' if report.stale == 1 else 'match'} HEAD"
            )
        if report.movable:
            parts.append(f"{report.movable} can move to HEAD (run with --update)")
    if report.unchecked:
        parts.append(f"{report.unchecked} not checked (no clone)")
    if report.unreadable:
        parts.append(f"{report.unreadable} not checked (clone unreadable)")
    return "; ".join(parts) + "."
