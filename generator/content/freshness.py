"""The freshness record: `content/freshness.yml`, where each example's lines stand upstream.

`example-pages verify --record` writes it from local clones; the build only reads it, so a
build stays offline and shows no more than was recorded. The record is input like any
content file: each entry is validated, and an entry that names no example of the site is a
warning. An entry made for another `project`, `file` or `ref` than the example names now is
kept out of the pages (the status page lists the example as not recorded).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ..errors import Problem, display_path
from .entries import ApiEntry
from .folder import RECORD
from .models import SLUG, DottedName, GitRef, RepoPath, type_name
from .validate import model_problem
from .yamlload import Document, load_document

FILE = RECORD
FORMAT = 1
Status = Literal["unchanged", "moved", "changed", "gone"]
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def _sha(value: str) -> str:
    if not _SHA.fullmatch(value):
        raise PydanticCustomError(
            "sha", "'{value}' is not a full commit SHA (40 hex digits)", {"value": value}
        )
    return value


def _date(value: str) -> str:
    if not _DATE.fullmatch(value):
        raise PydanticCustomError(
            "date", "'{value}' is not a date written as YYYY-MM-DD", {"value": value}
        )
    return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise PydanticCustomError("id", "'{value}' is not a project id", {"value": value})
    return value


class Entry(BaseModel):
    """One example's quoted lines as the clone's HEAD had them when the record was made."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    api: DottedName = Field(description="The API page the example is on.")
    example: int = Field(ge=1, description="The example's number on its page, from 1.")
    project: Annotated[str, AfterValidator(_slug)] = Field(description="The project's id.")
    file: RepoPath = Field(description="The example's `file` when it was recorded.")
    ref: GitRef = Field(description="The example's `ref` when it was recorded.")
    status: Status = Field(
        description="unchanged: the lines are where the example says at HEAD; moved: they are "
        "at HEAD, elsewhere (`at`, `lines`); changed: the file is there, the lines are not; "
        "gone: the file is not at HEAD."
    )
    head: Annotated[str, AfterValidator(_sha)] = Field(description="The clone's HEAD commit.")
    date: Annotated[str, AfterValidator(_date)] = Field(
        description="HEAD's committer date, YYYY-MM-DD (UTC)."
    )
    at: RepoPath | None = Field(
        default=None, description="The file's path at HEAD (null when gone)."
    )
    lines: list[Annotated[int, Field(ge=1)]] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="The first and last line of the quoted lines at HEAD, when found there.",
    )


class Record(BaseModel):
    """`content/freshness.yml`: written by `example-pages verify --record`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    format: Literal[1] = Field(description="The record's format version.")
    examples: list[Entry] = Field(
        default_factory=list, description="One entry per example checked, by API and number."
    )


@dataclass
class Freshness:
    """The record as the site uses it: entries of current examples by (API, number)."""

    shown: str
    entries: dict[tuple[str, int], Entry] = field(default_factory=dict)
    outdated: set[tuple[str, int]] = field(default_factory=set)
    """Examples whose entry was made for another project, file or ref than they name now."""


def load_freshness(
    content: Path, apis: list[ApiEntry], *, root: Path | None, max_bytes: int
) -> tuple[Freshness | None, list[Problem]]:
    """The record in `content`, checked against the site's examples; None when there is none."""
    path = content / FILE
    if not path.exists() and not path.is_symlink():
        return None, []
    shown = display_path(path, root)
    doc, problems = load_document(path, shown, max_bytes=max_bytes)
    if problems:
        return None, problems
    record, problems = _validate(doc)
    if record is None:
        return None, problems
    freshness = Freshness(shown)
    examples = {(api.api, e.number): e for api in apis for e in api.examples}
    for index, entry in enumerate(record.examples):
        key = (entry.api, entry.example)
        where = ("examples", index)
        if key in freshness.entries or key in freshness.outdated:
            problems.append(
                doc.problem(
                    where,
                    f"{entry.api} example {entry.example} is recorded twice; run "
                    "`example-pages verify --sources DIR --record` to write the record again",
                )
            )
            continue
        example = examples.get(key)
        if example is None:
            message = (
                f"{entry.api} example {entry.example} is not an example of the site; run "
                "`example-pages verify --sources DIR --record` to write the record again"
            )
            problems.append(_warning(doc.problem(where, message)))
            continue
        problem = _consistency(entry)
        if problem is not None:
            problems.append(doc.problem(where, f"{entry.api} example {entry.example}: {problem}"))
            continue
        model = example.model
        if (entry.project, entry.file, entry.ref) != (model.project, model.file, model.ref):
            freshness.outdated.add(key)
        else:
            freshness.entries[key] = entry
    return freshness, problems


def _validate(doc: Document) -> tuple[Record | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        found = "nothing" if doc.data is None else type_name(doc.data)
        message = (
            f"Expected type: mapping but received: {found}; the record holds `format: 1` "
            "and `examples:`, as `example-pages verify --sources DIR --record` writes it"
        )
        return None, [doc.problem((), message)]
    try:
        return Record.model_validate(doc.data), []
    except ValidationError as e:
        return None, [
            _entry_problem(doc, model_problem(doc, Record, error)) for error in e.errors()
        ]


def _entry_problem(doc: Document, problem: Problem) -> Problem:
    """`problem` with an entry named by its API and example number, not by its place in the
    list (model_problem's "example 3 (project)" would name the wrong example)."""
    entries = doc.data.get("examples")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        project = entry.get("project")
        generic = f"example {index + 1}" + (f" ({project})" if isinstance(project, str) else "")
        if problem.message.startswith(generic + ": "):
            api, number = entry.get("api"), entry.get("example")
            named = f"{api} example {number}" if isinstance(api, str) else f"entry {index + 1}"
            message = named + problem.message.removeprefix(generic)
            return Problem(problem.path, problem.line, problem.col, message, problem.severity)
    return problem


def _consistency(entry: Entry) -> str | None:
    """What contradicts itself in an entry: a place for lines gone, none for lines found."""
    found = entry.status in ("unchanged", "moved")
    if entry.status == "gone" and (entry.at is not None or entry.lines is not None):
        return "a file gone upstream has no `at` or `lines`; remove them"
    if entry.status != "gone" and entry.at is None:
        return f"`{entry.status}` needs `at`, the file's path at HEAD"
    if found != (entry.lines is not None):
        need = "needs" if found else "has no"
        return f"`{entry.status}` {need} `lines`, the first and last line at HEAD"
    if entry.lines is not None and entry.lines[0] > entry.lines[1]:
        return f"`lines` {entry.lines} ends before it starts"
    return None


def _warning(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, problem.col, problem.message, "warning")


def record_text(entries: list[dict[str, Any]]) -> str:
    """The record's YAML text: sorted by API and number, one field a line, values quoted as
    JSON (valid YAML that no value can break out of), so a change reads as a small diff."""
    lines = [
        "# yaml-language-server: $schema=../schemas/freshness.schema.json",
        "# Where each example's quoted lines stand upstream, as",
        "# `example-pages verify --sources DIR --record` found them in local clones.",
        "# Written by that command: run it again rather than editing this file.",
        f"format: {FORMAT}",
        "examples:" if entries else "examples: []",
    ]
    order = ("api", "example", "project", "file", "ref", "status", "head", "date", "at", "lines")
    for entry in sorted(entries, key=lambda e: (e["api"], e["example"])):
        for n, name in enumerate(k for k in order if entry.get(k) is not None):
            value = entry[name]
            text = (
                json.dumps(value)
                if not isinstance(value, list)
                else "[" + ", ".join(map(str, value)) + "]"
            )
            lines.append(f"{'- ' if n == 0 else '  '}{name}: {text}")
    return "\n".join(lines) + "\n"
