"""`example-pages verify`: check every pinned snippet against local clones, without network."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..authoring import gitfiles
from ..authoring.findings import (
    AT_HEAD,
    DRIFTED,
    FILE_MISSING,
    MATCHED,
    MOVABLE,
    NO_CLONE,
    OTHER_ORIGIN,
    REF_MISSING,
    STALE,
    UNPINNED,
    UNREADABLE,
    Report,
)
from ..authoring.origins import ALLOW_FLAG
from ..authoring.record import write_record
from ..authoring.upstream import STATUSES
from ..authoring.verify import apply_updates, verify_site
from ..authoring.yamledit import EditError
from ..content.entries import Site
from ..content.freshness import FILE
from ..errors import escape, write_failure
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
        "--record",
        action="store_true",
        help=f"write where each example's lines stand at its clone's HEAD into "
        f"CONTENT/{FILE}, which the build shows on the pages",
    )
    parser.add_argument(
        ALLOW_FLAG,
        dest="other_origin",
        action="store_true",
        help="check a clone whose origin is another repository than the project's `repo` "
        "(a fork, a mirror) instead of refusing it",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail on HEAD drift and missing clones"
    )
    content_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.update and args.record:
        print(
            "--update and --record do not go together: record first, then update",
            file=sys.stderr,
        )
        return 2
    site = site_with_clones(args)
    if site is None:
        return 1
    try:
        report = verify_site(
            site,
            args.sources,
            update=args.update,
            record=args.record,
            other_origin=args.other_origin,
        )
        written = apply_updates(report) if args.update else 0
        recorded = write_record(site, report, args.content) if args.record else None
    except (gitfiles.GitError, EditError) as e:
        print(escape(str(e)), file=sys.stderr)
        return 1
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    for finding in sorted(report.findings, key=lambda f: f.problem):
        p = finding.problem
        print(escape(f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}"))
        for row in finding.diff:
            print(escape(row))
    print(summary(report, update=args.update, written=written))
    if recorded is not None:
        print(record_summary(site, report, *recorded))
    if args.update:
        return 1 if report.count(STALE) else 0
    failed = any(report.count(o) for o in (DRIFTED, REF_MISSING, FILE_MISSING, UNREADABLE))
    failed = failed or bool(report.count(OTHER_ORIGIN))
    failed = failed or (args.strict and bool(report.count(STALE) or report.count(NO_CLONE)))
    return 1 if failed else 0


_NOT_CHECKED = (
    (NO_CLONE, "no clone"),
    (OTHER_ORIGIN, "clone of another repository"),
    (UNREADABLE, "clone unreadable"),
)


def summary(report: Report, *, update: bool, written: int = 0) -> str:
    """The closing lines of `verify`: each one's counts add up to the examples it covers."""
    parts = []
    if update:
        moved = sum(len(changes) for changes in report.updates.values())
        parts.append(f"Moved {plural(moved, 'example')} to HEAD in {plural(written, 'file')}")
        parts.append(f"{report.count(AT_HEAD)} already at HEAD")
        if stale := report.count(STALE):
            verb = "matches" if stale == 1 else "match"
            parts.append(f"{stale} no longer {verb} HEAD, not moved")
    else:
        matched = report.count(MATCHED)
        parts.append(
            f"Checked {plural(report.examples, 'example')} "
            f"in {plural(len(report.clones), 'clone')}: "
            f"{matched} {'matches its' if matched == 1 else 'match their'} ref, "
            f"{report.count(DRIFTED)} drifted"
        )
        for outcome, words in (
            (UNPINNED, "at a branch or tag, not a commit (run pin)"),
            (REF_MISSING, "ref missing"),
            (FILE_MISSING, "file missing"),
        ):
            if count := report.count(outcome):
                parts.append(f"{count} {words}")
    for outcome, why in _NOT_CHECKED:
        if count := report.count(outcome):
            parts.append(f"{count} not checked ({why})")
    lines = ["; ".join(parts) + "."]
    if not update and (report.count(MOVABLE) or report.count(STALE)):
        compared = report.count(MATCHED) + report.count(UNPINNED)
        at_head, movable, stale = (report.count(o) for o in (AT_HEAD, MOVABLE, STALE))
        head = [
            words
            for count, words in (
                (at_head, f"{at_head} at HEAD"),
                (
                    movable,
                    f"{movable} {_verb(movable)} at HEAD too (run with --update to move "
                    f"{'it' if movable == 1 else 'them'})",
                ),
                (stale, f"{stale} no longer {_verb(stale)} at HEAD"),
            )
            if count
        ]
        lines.append(f"Against HEAD, of the {compared} that match: " + "; ".join(head) + ".")
    return "\n".join(lines)


def _verb(count: int) -> str:
    return "matches" if count == 1 else "match"


def record_summary(site: Site, report: Report, path: Path, changed: bool) -> str:
    """What `--record` wrote: how many examples, by what happened upstream."""
    statuses = Counter(found.status for found in report.upstream.values())
    by_status = ", ".join(f"{statuses[s]} {s}" for s in STATUSES)
    kept = 0
    if site.freshness is not None:
        kept = len(site.freshness.entries.keys() - report.upstream.keys())
    kept_part = f"; kept {plural(kept, 'earlier entry')} of examples not checked now" * bool(kept)
    state = "" if changed else " (no change to the file)"
    return (
        f"Recorded {plural(len(report.upstream), 'example')} in {path.as_posix()}{state}: "
        f"{by_status}{kept_part}."
    )
