"""`example-pages pin`: set every example's `ref` to a commit SHA at which its snippet matches.

Examples whose ref is a branch, a tag or a SHA the snippet does not match are searched for in
their file's history (see `pinning`), one clone per worker process, since git does most of
the work. With `repair`, a snippet found nowhere verbatim is rebuilt from the file's lines.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..content.entries import ApiEntry, Site
from ..errors import Problem
from .pinning import (
    ALREADY,
    FILE_MISSING,
    NO_CLONE,
    NO_USE,
    NOT_EXCERPT,
    NOT_FOUND,
    PINNED,
    REPAIRED,
    UNREADABLE,
    Job,
    Outcome,
    pin_clone,
)
from .verify import find_clone
from .yamledit import Editor

ORDER = (PINNED, REPAIRED, ALREADY, NOT_FOUND, NO_USE, NOT_EXCERPT, FILE_MISSING, NO_CLONE,
         UNREADABLE)  # fmt: skip


@dataclass
class Entry:
    """One example's outcome, located in its content file."""

    outcome: Outcome
    problem: Problem
    diff: list[str] = field(default_factory=list)
    file: str = ""  # the example's `file` before the pin


@dataclass
class PinReport:
    """Every example's outcome; `counts` by kind (see `pinning`)."""

    entries: list[Entry] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    clones: int = 0
    written: int = 0


def pin_site(
    site: Site,
    sources: Path,
    *,
    repair: bool = False,
    workers: int | None = None,
    feature_version: tuple[int, int] = (3, 8),
    advance: Callable[[int], None] | None = None,
) -> PinReport:
    """Search every example's file history in the clones under `sources`; change no file."""
    apis = site.apis
    groups: dict[Path, list[Job]] = {}
    outcomes: list[Outcome] = []
    for a, api in enumerate(apis):
        for example in api.examples:
            model = example.model
            key = (a, example.number - 1)
            clone = find_clone(sources, example.project)
            if clone is None:
                where = (sources / example.project.id).as_posix()
                detail = (
                    f"no clone of {model.project}; clone {example.project.model.repo} to {where}"
                )
                outcomes.append(Outcome(key, NO_CLONE, detail))
                continue
            explicit = tuple(model.highlight) if model.highlight is not None else None
            job = Job(key, model.file, model.ref, model.line, model.code, api.api,
                      model.expect_use, explicit, feature_version, model.symbol)  # fmt: skip
            groups.setdefault(clone, []).append(job)
    if advance is not None and outcomes:
        advance(len(outcomes))
    outcomes += _run(groups, repair=repair, workers=workers, advance=advance)
    report = PinReport(clones=len(groups))
    for outcome in sorted(outcomes, key=lambda o: o.key):
        api = apis[outcome.key[0]]
        report.counts[outcome.kind] += 1
        report.entries.append(_entry(api, outcome))
    return report


def _run(
    groups: dict[Path, list[Job]],
    *,
    repair: bool,
    workers: int | None,
    advance: Callable[[int], None] | None,
) -> list[Outcome]:
    count = min(len(groups), workers or os.cpu_count() or 1)
    results: list[Outcome] = []
    # the biggest clones first, so that no worker is left with one at the end
    order = sorted(groups, key=lambda p: -len(groups[p]))
    if count <= 1:
        for path in order:
            results += pin_clone(path, groups[path], repair=repair)
            if advance is not None:
                advance(len(groups[path]))
        return results
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures = {
            pool.submit(pin_clone, path, groups[path], repair=repair): path for path in order
        }
        for future in as_completed(futures):
            path = futures[future]
            try:
                done = future.result()
            except Exception as e:  # a worker that died: that clone's examples say so
                done = [
                    Outcome(job.key, UNREADABLE, f"{type(e).__name__}: {e}") for job in groups[path]
                ]
            results += done
            if advance is not None:
                advance(len(groups[path]))
    return results


def _entry(api: ApiEntry, outcome: Outcome) -> Entry:
    doc = api.doc
    index = outcome.key[1]
    model = api.examples[index].model if index < len(api.examples) else None
    label = f"example {index + 1} ({model.project if model else '?'})"
    sha = (outcome.ref or "")[:12]
    kind = outcome.kind
    moved = (
        f" ({model.file} is now {outcome.file} there)"
        if model and outcome.file and outcome.file != model.file
        else ""
    )
    severity = "info"
    if kind == PINNED:
        message = f"{label}: pinned {model.ref if model else ''} -> {sha}{moved}"
        if outcome.detail:
            message += f"; {outcome.detail}"
    elif kind == ALREADY:
        message = f"{label}: already pinned at {sha}"
    elif kind == REPAIRED:
        message = f"{label}: repaired from {outcome.file} at {sha}{moved}"
        if outcome.detail:
            message += f"; {outcome.detail}"
    elif kind in (NOT_FOUND, FILE_MISSING):
        severity = "error"
        message = f"{label}: not pinned: {outcome.detail}; copy the snippet again from the file"
    elif kind in (NO_USE, NOT_EXCERPT):
        severity = "error"
        message = f"{label}: not repaired: {outcome.detail}; edit the snippet by hand"
    elif kind == NO_CLONE:
        severity = "warning"
        message = f"{label}: not pinned: {outcome.detail}"
    else:
        severity = "error"
        message = f"{label}: not pinned: the clone cannot be read: {outcome.detail}"
    problem = doc.problem(("examples", index, "ref"), message)
    problem = Problem(problem.path, problem.line, problem.col, problem.message, severity)
    return Entry(outcome, problem, outcome.diff, model.file if model else "")


def apply_pins(site: Site, report: PinReport) -> int:
    """Write the new refs, lines, files and repaired code; return how many files changed."""
    changes: dict[int, list[Outcome]] = {}
    for entry in report.entries:
        if entry.outcome.kind in (PINNED, REPAIRED, ALREADY) and entry.outcome.ref:
            changes.setdefault(entry.outcome.key[0], []).append(entry.outcome)
    written = 0
    for a, outcomes in sorted(changes.items()):
        editor = Editor(site.apis[a].doc.path)
        examples = editor.data["examples"]
        for outcome in outcomes:
            _edit(examples[outcome.key[1]], outcome)
        written += editor.save()
    report.written = written
    return written


def _edit(example: CommentedMap, outcome: Outcome) -> None:
    example["ref"] = outcome.ref
    if outcome.file and example.get("file") != outcome.file:
        example["file"] = outcome.file
    if outcome.line is not None:
        _set_after(example, "line", _flow(outcome.line), "ref")
    if outcome.code is not None:
        example["code"] = LiteralScalarString(outcome.code)
        if outcome.drop_highlight and "highlight" in example:
            del example["highlight"]
        elif outcome.highlight is not None:
            example["highlight"] = _flow(outcome.highlight)


def _flow(value: int | list[int]) -> Any:
    if isinstance(value, int):
        return value
    seq = CommentedSeq(value)
    seq.fa.set_flow_style()
    return seq


def _set_after(mapping: CommentedMap, key: str, value: Any, after: str) -> None:
    if key in mapping or after not in mapping:
        mapping[key] = value
    else:
        mapping.insert(list(mapping).index(after) + 1, key, value)


def summary(report: PinReport, *, repair: bool) -> str:
    """The closing line of `pin`."""
    counts = report.counts
    total = sum(counts.values())
    parts = [f"{counts[PINNED]} pinned"]
    if repair:
        parts.append(f"{counts[REPAIRED]} repaired")
    parts.append(f"{counts[ALREADY]} already pinned")
    left = [
        (NOT_FOUND, "not found in the file's history"),
        (FILE_MISSING, "file in no commit"),
        (NO_USE, "repair would lose the API use"),
        (NOT_EXCERPT, "repair would not parse"),
        (NO_CLONE, "no clone"),
        (UNREADABLE, "clone unreadable"),
    ]
    parts += [f"{counts[kind]} {text}" for kind, text in left if counts[kind]]
    clones = f"{report.clones} clone{'s' if report.clones != 1 else ''}"
    files = f"{report.written} file{'s' if report.written != 1 else ''}"
    return (
        f"Pinned examples against {clones} ({total} examples): "
        + ", ".join(parts)
        + f"; wrote {files}."
    )
