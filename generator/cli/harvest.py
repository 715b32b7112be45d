"""`example-pages harvest`: add an API's best usages in a local clone to its page."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from ..authoring import gitfiles, origins
from ..authoring.cut import CATEGORY_NAMES
from ..authoring.harvest import Scan, content_aliases, example_fields, quoted_files, scan
from ..authoring.origins import ALLOW_FLAG
from ..authoring.yamledit import EditError, Editor
from ..content.yamlload import load_document
from ..errors import escape, write_failure
from ..wording import plural
from .options import content_options


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "harvest",
        help="add an API's best usages in a local clone to its page",
        description="Scan a local git clone at HEAD for uses of an API and append the best "
        "ones, cut to readable excerpts and pinned to the commit, to content/apis/<api>.yml.",
    )
    parser.add_argument("clone", type=Path, help="a local git clone of the project")
    parser.add_argument("--api", required=True, help="dotted name, such as django.dispatch.Signal")
    parser.add_argument("--project", required=True, help="project id (content/projects/<id>.yml)")
    parser.add_argument("--max", type=int, default=10, help="add at most N examples (default 10)")
    parser.add_argument("--per-file", type=int, default=1, help="usages per file (default 1)")
    parser.add_argument(
        ALLOW_FLAG,
        dest="other_origin",
        action="store_true",
        help="harvest a clone whose origin is another repository than the project's `repo`",
    )
    # --snippet-errors is accepted as by every command; harvest reads only the API's own file,
    # so errors elsewhere in the content never stop it
    content_options(parser)
    parser.set_defaults(run=run)


def _closest(folder: Path, name: str) -> str | None:
    """The content file name in `folder` closest to `name`, for a did-you-mean."""
    names = sorted(path.stem for path in folder.glob("*.yml")) if folder.is_dir() else []
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return close[0] if close else None


def run(args: argparse.Namespace) -> int:
    page = args.content / "apis" / f"{args.api}.yml"
    if not page.is_file():
        close = _closest(args.content / "apis", args.api)
        print(
            f"{page.as_posix()} does not exist; "
            + (f"did you mean --api {close}? Or create" if close else "create")
            + f" it with `example-pages new api {args.api} --kind class`",
            file=sys.stderr,
        )
        return 1
    if not (args.content / "projects" / f"{args.project}.yml").is_file():
        close = _closest(args.content / "projects", args.project)
        print(
            f"{(args.content / 'projects' / args.project).as_posix()}.yml does not exist; "
            + (f"did you mean --project {close}? Or create" if close else "create")
            + f" it with `example-pages new project {args.project} --repo URL`",
            file=sys.stderr,
        )
        return 1
    if not _origin_ok(args):
        return 1
    try:
        editor = Editor(page)
        found = scan(
            args.clone,
            args.api,
            per_file=max(1, args.per_file),
            feature_version=args.python_version,
            skip=quoted_files(editor, args.project),
            aliases=content_aliases(args.content, args.api, editor.data),
            progress=sys.stderr if sys.stderr.isatty() else None,
        )
    except (gitfiles.GitError, EditError) as e:
        print(e, file=sys.stderr)
        return 1
    chosen = found.candidates[: max(0, args.max)]
    start = len(editor.data.get("examples") or [])
    try:
        for candidate in chosen:
            editor.append_example(example_fields(args.project, found.commit, candidate))
        if chosen:
            editor.save()
    except EditError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    for number, candidate in enumerate(chosen, start + 1):
        category = CATEGORY_NAMES[candidate.usage.category]
        test = ", in tests" if candidate.is_test else ""
        print(
            escape(f"example {number}: {candidate.path}:{candidate.usage.line} ({category}{test})")
        )
    print(_summary(args, found, len(chosen), page))
    return 0


def _origin_ok(args: argparse.Namespace) -> bool:
    """Whether the clone may be credited to the project; prints why not, or a warning."""
    path = args.content / "projects" / f"{args.project}.yml"
    doc, problems = load_document(path, path.as_posix())
    repo = doc.data.get("repo") if isinstance(doc.data, dict) else None
    if problems or not isinstance(repo, str) or not gitfiles.is_clone(args.clone):
        return True  # the scan or `check` reports these
    verdict = origins.check(args.clone, args.project, repo, allow=args.other_origin)
    if verdict is None:
        return True
    severity, message = verdict
    where = doc.at(("repo",))
    print(escape(f"{doc.shown}:{where.line}:{where.col}: {severity}: {message}"), file=sys.stderr)
    return severity != "error"


def _summary(args: argparse.Namespace, found: Scan, added: int, page: Path) -> str:
    skipped = ""
    if found.unparsable:
        shown = ", ".join(escape(p) for p in found.unparsable[:3])
        shown += ", ..." if len(found.unparsable) > 3 else ""
        skipped = f"; skipped {plural(len(found.unparsable), 'file')} that did not parse ({shown})"
    if found.unquotable:
        skipped += (
            f"; skipped {plural(len(found.unquotable), 'file')} whose path an example cannot "
            "name (a line break, quote or control character in it)"
        )
    left = len(found.candidates) - added
    more = f"; {left} more with --max {len(found.candidates)}" if left > 0 else ""
    why = f": {_why_none(args, found)}" if not found.candidates else ""
    return (
        f"Scanned {plural(found.files, 'Python file')} at {found.commit[:12]}: "
        f"{plural(found.using, 'file')} {'uses' if found.using == 1 else 'use'} {args.api}"
        f"{skipped}.\n"
        f"Added {plural(added, 'example')} to {page.as_posix()}{more}{why}."
    )


def _why_none(args: argparse.Namespace, found: Scan) -> str:
    """Why the scan offers nothing to add."""
    if not found.using:
        return "no uses found"
    reasons = []
    if found.on_page:
        reasons.append(
            f"{plural(found.on_page, 'usage')} {'is' if found.on_page == 1 else 'are'} "
            "already on the page"
        )
    if found.full:
        per_file = max(1, args.per_file)
        reasons.append(
            f"{plural(found.full, 'file')} already {'has' if found.full == 1 else 'have'} "
            f"{plural(per_file, 'example')} on the page, {'one' if per_file == 1 else per_file} "
            f"per file (--per-file {per_file + 1} adds more)"
        )
    if found.uncut:
        reasons.append(
            f"{plural(found.uncut, 'usage')} could not be cut to an excerpt that passes the check"
        )
    return "; ".join(reasons)
