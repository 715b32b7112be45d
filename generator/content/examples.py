"""Checks of each example against its page and project: snippet, uses, highlight."""

from __future__ import annotations

import difflib
from itertools import pairwise

from ..cache import Store
from ..checks.excerpts import chunks
from ..checks.limits import MAX_EXAMPLES
from ..checks.snippets import Aliases, Analyses, Job, aliases_for, snippet_lines
from ..checks.symbols import snippet_problem
from ..errors import Problem
from ..settings import Settings
from ..wording import plural
from .entries import ApiEntry, ExampleEntry, ProjectEntry
from .models import ApiPage


def page_aliases(api: str, model: ApiPage, aliases: Aliases) -> Aliases:
    """The aliases bearing on a page's API: its libraries' and its own."""
    return aliases_for(api, (*aliases, *((a, api) for a in model.aliases)))


def analysis_jobs(model: ApiPage, aliases: Aliases, settings: Settings) -> list[Job]:
    """The analyses `check_examples` will ask for, to make them ahead."""
    reachable = page_aliases(model.api, model, aliases)
    version = settings.python_version
    return [(example.code, model.api, version, reachable) for example in model.examples]


def check_examples(
    entry: ApiEntry,
    projects: dict[str, ProjectEntry],
    *,
    broken: set[str],
    settings: Settings,
    aliases: Aliases = (),
    analyses: Analyses | None = None,
) -> list[Problem]:
    """Check each example of an API page and add the valid ones to `entry.examples`.

    Returns the problems found; `broken` names project files that failed to load (their
    examples are skipped: the project file's own problems say why). `aliases` are the
    libraries' (other name, name) pairs; the page's own aliases are added to them.
    `analyses`: the load's (see `snippets.Analyses`); default: new ones over the store.
    """
    reachable = page_aliases(entry.api, entry.model, aliases)
    problems: list[Problem] = []
    doc = entry.doc
    seen: dict[tuple[str, str, str], int] = {}
    severity = "warning" if settings.snippet_errors == "warn" else "error"
    if len(entry.model.examples) > MAX_EXAMPLES:
        return [
            doc.problem(
                ("examples",),
                f"the page has {len(entry.model.examples):,} examples, over the limit of "
                f"{MAX_EXAMPLES}; keep the best ones, or split the API's examples over pages",
            )
        ]
    if analyses is None:
        analyses = Analyses(Store(settings.cache))
    for index, example in enumerate(entry.model.examples):
        number = index + 1
        key = ("examples", index)
        label = f"example {number} ({example.project})"
        project = projects.get(example.project)
        if project is None and example.project in broken:
            continue  # the project file has errors of its own, reported there
        if project is None:
            close = difflib.get_close_matches(example.project, list(projects), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (f"create content/projects/{example.project}.yml")
            )
            problems.append(
                doc.problem(
                    (*key, "project"),
                    f"example {number}: unknown project '{example.project}'; {hint}",
                )
            )
            continue
        identity = (example.project, example.file, example.code)
        if identity in seen:
            problems.append(
                doc.problem(
                    key,
                    f"{label}: repeats example {seen[identity]} (same project, file and "
                    "code); remove one of them",
                )
            )
            continue
        seen[identity] = number
        lines = snippet_lines(example.code)
        code_at = doc.at((*key, "code"))
        blank = _blank_edge(lines)
        if blank is not None:
            line, col = code_at.inside(blank[0])
            problems.append(Problem(doc.shown, line, col, f"{label}: {blank[1]}"))
            continue
        analysis = analyses.get(
            example.code,
            entry.api,
            feature_version=settings.python_version,
            aliases=reachable,
        )
        for issue in analysis.issues:
            line, col = code_at.inside(issue.line, issue.col)
            problems.append(Problem(doc.shown, line, col, f"{label}: {issue.message}", severity))
        if example.expect_use and not analysis.use_lines and not analysis.issues:
            problems.append(
                Problem(
                    doc.shown,
                    code_at.line,
                    code_at.col,
                    f"{label}: the snippet never uses {entry.api}; quote the lines that "
                    "import or use it, or set `expect_use: false` if it shows context only",
                    severity,
                )
            )
        highlight = example.highlight
        for i, value in enumerate(highlight or []):
            if value > len(lines):
                problems.append(
                    doc.problem(
                        (*key, "highlight", i),
                        f"{label}: highlight line {value} is outside the snippet, which "
                        f"has {plural(len(lines), 'line')}; use numbers from 1 to {len(lines)}, "
                        "counted from the snippet's first line",
                    )
                )
        if example.symbol is not None:
            wrong = snippet_problem(example.code, example.symbol)
            if wrong is not None:
                problems.append(doc.problem((*key, "symbol"), f"{label}: {wrong}"))
        starts = example.chunk_lines
        count = len(chunks(lines)) if starts is not None else 0
        if starts is not None and len(starts) != count:
            problems.append(
                doc.problem(
                    (*key, "line"),
                    f"{label}: `line` lists {plural(len(starts), 'start line')} but the snippet "
                    f"has {plural(count, 'chunk')} between '# ...' lines; give one upstream "
                    "line number per chunk",
                )
            )
        elif starts is not None and any(b <= a for a, b in pairwise(starts)):
            problems.append(
                doc.problem(
                    (*key, "line"),
                    f"{label}: the chunks' start lines must increase, as the chunks follow each "
                    "other in the file; check the numbers",
                )
            )
        chosen = tuple(sorted(set(highlight))) if highlight is not None else analysis.use_lines
        entry.examples.append(ExampleEntry(number, example, project, analysis, chosen))
    return problems


def _blank_edge(lines: list[str]) -> tuple[int, str] | None:
    """A snippet that is blank, or starts or ends with empty lines the highlighter drops."""
    if not any(text.strip() for text in lines):
        return 1, "the snippet is blank; paste the code it should show"
    if lines[0] == "":
        return 1, "the snippet starts with an empty line, which the page would not show; remove it"
    if lines[-1] == "":
        return len(lines), (
            "the snippet ends with an empty line, which the page would not show; remove it "
            "(write `code: |`, not `code: |+`)"
        )
    return None
