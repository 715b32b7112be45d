"""How well the API-use detector agrees with editors' highlighted lines.

`python -m bench.detector PAGES` imports Full Stack Python's pages from the folder PAGES (for
instance ../shared/fsp/examples), keeps every example whose editors marked lines (`highlight`)
and whose snippet the check accepts, and compares the detector's use lines with those marks:
precision (detected lines the editors marked) and recall (marked lines detected), counted over
all lines, then by statement (a marked line inside a detected statement written over several
lines counts as found), then by snippet. The imported libraries get the aliases below, the
re-exports a site would list for these pages (`--no-aliases` leaves them out). `--content`
measures a content folder that is already imported instead, as it is; `--misses` lists the
examples where the two disagree.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from example_pages.checks.excerpts import chunks, parse_chunk, snippet_lines
from example_pages.content.entries import ExampleEntry, Site
from example_pages.content.load import load_site
from example_pages.importer.fsp import import_fsp
from example_pages.settings import Settings

# Names the pages' snippets import that the libraries really re-export under the pages' names.
FSP_ALIASES = {
    "django": {
        "django.contrib.admin.site": "django.contrib.admin.sites",
        "django.forms.fields": "django.forms",
        "django.http.response": "django.http",
    },
    "flask": {
        "werkzeug.exceptions.BadRequest": "flask.app.BadRequest",
        "werkzeug.datastructures.Headers": "flask.app.Headers",
        "itsdangerous.BadSignature": "flask.sessions.BadSignature",
    },
    "sqlalchemy": {"sqlalchemy.orm.sessionmaker": "sqlalchemy.orm.session.sessionmaker"},
}


def add_aliases(content: Path, aliases: dict[str, dict[str, str]]) -> None:
    """Append `aliases:` to the imported library files (which have none)."""
    for library, pairs in aliases.items():
        path = content / "libraries" / f"{library}.yml"
        lines = "".join(f"  {other}: {name}\n" for other, name in pairs.items())
        path.write_text(path.read_text(encoding="utf-8") + "\naliases:\n" + lines, "utf-8")


@dataclass(frozen=True)
class Miss:
    """One example where the detector and the editors disagree."""

    api: str
    number: int
    missed: tuple[int, ...]  # marked, not detected
    extra: tuple[int, ...]  # detected, not marked


@dataclass
class Agreement:
    """Lines detected and marked over the measured examples."""

    snippets: int = 0
    measured: int = 0
    rejected: int = 0  # snippets with a parse problem: nothing detected by design
    never_used: int = 0  # accepted, marked, but no use found
    detected: int = 0
    marked: int = 0
    both: int = 0
    detected_right: int = 0  # detected lines whose statement holds a marked line
    marked_found: int = 0  # marked lines inside the statement of a detected line
    misses: list[Miss] = field(default_factory=list)

    def summary(self) -> str:
        found = self.measured - self.never_used
        return (
            f"{self.snippets} snippets, {self.rejected} with parse problems, "
            f"{self.measured} accepted with marked lines\n"
            f"  lines:      precision {_ratio(self.both, self.detected)}, "
            f"recall {_ratio(self.both, self.marked)}\n"
            f"  statements: precision {_ratio(self.detected_right, self.detected)}, "
            f"recall {_ratio(self.marked_found, self.marked)}\n"
            f"  snippets:   a use found in {_ratio(found, self.measured)}"
        )


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole if whole else 1.0:.4f} ({part}/{whole})"


def spans(code: str) -> dict[int, int]:
    """For each snippet line that starts an expression or a simple statement, its last line.

    Editors mark every line of a call written over several lines, the detector its first.
    """
    found: dict[int, int] = {}
    for start, chunk in chunks(snippet_lines(code)):
        parsed = parse_chunk(start, chunk, feature_version=(3, 12))
        if not isinstance(parsed, tuple):
            continue
        tree, excerpt = parsed
        for node in ast.walk(tree):
            if not isinstance(node, ast.expr | ast.stmt) or hasattr(node, "body"):
                continue
            first = excerpt.snippet_line(node.lineno)
            last = excerpt.snippet_line(node.end_lineno or node.lineno)
            if first is not None and last is not None:
                found[first + 1] = max(found.get(first + 1, 0), last + 1)
    return found


def _examples(site: Site) -> Iterator[tuple[str, ExampleEntry]]:
    for api in site.apis:
        for example in api.examples:
            yield api.api, example


def measure(site: Site) -> Agreement:
    """Compare use lines with the editors' `highlight` of every accepted example."""
    result = Agreement()
    for api, example in _examples(site):
        result.snippets += 1
        if example.analysis.issues:
            result.rejected += 1
            continue
        if not example.model.highlight:
            continue
        result.measured += 1
        found = set(example.analysis.use_lines)
        marked = set(example.model.highlight)
        result.detected += len(found)
        result.marked += len(marked)
        result.both += len(found & marked)
        ends = spans(example.model.code)
        covered = {n for line in found for n in range(line, ends.get(line, line) + 1)}
        result.marked_found += len(marked & covered)
        result.detected_right += sum(
            1 for line in found if marked & set(range(line, ends.get(line, line) + 1))
        )
        if not found:
            result.never_used += 1
        missed = marked - covered
        extra = {line for line in found if not marked & set(range(line, ends.get(line, line) + 1))}
        if missed or extra:
            result.misses.append(
                Miss(api, example.number, tuple(sorted(missed)), tuple(sorted(extra)))
            )
    return result


def load(content: Path) -> Site:
    return load_site(content, root=content, settings=Settings(snippet_errors="warn"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.detector", description=__doc__)
    parser.add_argument("pages", type=Path, nargs="?", help="Full Stack Python's example pages")
    parser.add_argument("--content", type=Path, help="an imported content folder instead")
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    parser.add_argument("--no-aliases", action="store_true", help="add no library aliases")
    args = parser.parse_args(argv)
    if (args.pages is None) == (args.content is None):
        parser.error("give either PAGES or --content")
    with tempfile.TemporaryDirectory() as tmp:
        content = args.content
        if content is None:
            content = Path(tmp) / "content"
            import_fsp(args.pages, content)
            if not args.no_aliases:
                add_aliases(content, FSP_ALIASES)
        result = measure(load(content))
    if args.misses:
        for miss in result.misses:
            print(f"{miss.api} example {miss.number}: missed {list(miss.missed)}, "
                  f"extra {list(miss.extra)}")  # fmt: skip
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
