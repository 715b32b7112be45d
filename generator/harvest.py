"""`example-pages harvest`: find an API's best usages in a local clone and add them as examples.

The clone's Python files at HEAD are read through one `git cat-file --batch` process; a file
whose text never names the API is not parsed. Usages are found with the build's own
detector (`snippets.analyze`), so every added example passes `example-pages check`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from tqdm import tqdm

from generator import gitfiles
from generator.cut import CATEGORY_NAMES, Excerpt, FileScan, Usage
from generator.yamledit import EditError, Editor

PROGRESS_MIN = 200  # files: fewer are scanned too fast to need a progress bar
MAX_BYTES = 1_000_000  # larger Python files are generated code, not examples
TEST_DIRS = {"test", "tests", "testing"}


@dataclass(frozen=True)
class Candidate:
    """One usage cut to an excerpt, ready to become an example."""

    path: str
    usage: Usage
    excerpt: Excerpt
    is_test: bool

    def rank(self) -> tuple[bool, int, str, int]:
        return (self.is_test, self.usage.category, self.path, self.usage.line)


@dataclass
class Scan:
    """What a harvest found in a clone."""

    commit: str
    files: int = 0
    using: int = 0
    unparsable: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    return (
        any(part in TEST_DIRS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name in ("tests.py", "conftest.py")
    )


def _normal(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").split("\n"))


def scan(
    repo: Path,
    api: str,
    *,
    per_file: int = 1,
    feature_version: tuple[int, int] = (3, 8),
    skip: dict[str, set[str]] | None = None,
) -> Scan:
    """Scan the clone at HEAD; keep up to `per_file` usages per file, best first.

    `skip` maps a file path to the snippets already quoted from it: those are not offered
    again, and count towards `per_file`.
    """
    skip = skip or {}
    commit = gitfiles.head(repo)
    files = gitfiles.python_files(repo, commit)
    result = Scan(commit, files=len(files))
    needle = api.rsplit(".", 1)[-1].encode("utf-8")
    show = len(files) >= PROGRESS_MIN and sys.stderr.isatty()
    with gitfiles.Blobs(repo) as blobs:
        for path, sha in tqdm(
            files, desc="Scanning", unit="file", disable=not show, file=sys.stderr, leave=False
        ):
            data = blobs.read(sha)
            if data is None or len(data) > MAX_BYTES or needle not in data:
                continue
            try:
                found = FileScan(data.decode("utf-8"), api)
            except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError):
                result.unparsable.append(path)
                continue
            usages = found.usages()
            if not usages:
                continue
            result.using += 1
            quoted = {_normal(code) for code in skip.get(path, set())}
            room = per_file - len(quoted)
            for usage in usages:
                if room <= 0:
                    break
                excerpt = found.excerpt(usage, feature_version=feature_version)
                if excerpt is None or _normal(excerpt.code) in quoted:
                    continue
                result.candidates.append(Candidate(path, usage, excerpt, is_test_path(path)))
                quoted.add(_normal(excerpt.code))
                room -= 1
    result.candidates.sort(key=Candidate.rank)
    return result


def quoted_files(editor: Editor, project: str) -> dict[str, set[str]]:
    """The snippets the page already quotes from each of `project`'s files."""
    found: dict[str, set[str]] = {}
    for example in editor.data.get("examples") or []:
        if isinstance(example, dict) and example.get("project") == project:
            file, code = example.get("file"), example.get("code")
            if isinstance(file, str) and isinstance(code, str):
                found.setdefault(file, set()).add(code)
    return found


def example_fields(project: str, commit: str, candidate: Candidate) -> dict[str, Any]:
    return {
        "project": project,
        "file": candidate.path,
        "ref": commit,
        "line": candidate.excerpt.line,
        "highlight": list(candidate.excerpt.highlight),
        "code": candidate.excerpt.code,
    }


def python_version(text: str) -> tuple[int, int]:
    """An argparse type: '3.8' -> (3, 8)."""
    major, dot, minor = text.partition(".")
    if not (major.isdigit() and dot and minor.isdigit()):
        raise argparse.ArgumentTypeError(f"'{text}' is not a version such as 3.8")
    return int(major), int(minor)


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
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument(
        "--python-version", type=python_version, default="3.8", help="oldest grammar snippets use"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    page = args.content / "apis" / f"{args.api}.yml"
    if not page.is_file():
        print(
            f"{page.as_posix()} does not exist; create it with "
            f"`example-pages new api {args.api} --kind class`",
            file=sys.stderr,
        )
        return 1
    if not (args.content / "projects" / f"{args.project}.yml").is_file():
        print(
            f"{(args.content / 'projects' / args.project).as_posix()}.yml does not exist; create "
            f"it with `example-pages new project {args.project} --repo URL`",
            file=sys.stderr,
        )
        return 1
    try:
        editor = Editor(page)
        found = scan(
            args.clone,
            args.api,
            per_file=max(1, args.per_file),
            feature_version=args.python_version,
            skip=quoted_files(editor, args.project),
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
    except (EditError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    for number, candidate in enumerate(chosen, start + 1):
        category = CATEGORY_NAMES[candidate.usage.category]
        test = ", in tests" if candidate.is_test else ""
        print(f"example {number}: {candidate.path}:{candidate.usage.line} ({category}{test})")
    print(_summary(args, found, len(chosen), page))
    return 0


def _summary(args: argparse.Namespace, found: Scan, added: int, page: Path) -> str:
    skipped = ""
    if found.unparsable:
        shown = ", ".join(found.unparsable[:3]) + (", ..." if len(found.unparsable) > 3 else "")
        skipped = f"; skipped {_n(len(found.unparsable), 'file')} that did not parse ({shown})"
    left = len(found.candidates) - added
    more = f"; {left} more with --max {len(found.candidates)}" if left > 0 else ""
    return (
        f"Scanned {_n(found.files, 'Python file')} at {found.commit[:12]}: "
        f"{_n(found.using, 'file')} {'uses' if found.using == 1 else 'use'} {args.api}"
        f"{skipped}.\n"
        f"Added {_n(added, 'example')} to {page.as_posix()}{more}."
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
