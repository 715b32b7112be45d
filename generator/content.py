"""Load, validate and check a content folder into a `Site`, or report every problem."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import ContentError, Problem, display_path
from generator.models import (
    MARKDOWN_FIELDS,
    SLUG,
    WINDOWS_RESERVED,
    ApiPage,
    Example,
    Library,
    Project,
)
from generator.sanitize import markdown_issues
from generator.snippets import Analysis, analyze, snippet_lines
from generator.yamlload import DEFAULT_MAX_BYTES, Document, load_document

SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Settings:
    """Options of a content check; the plugin and the CLI build one from their options."""

    python_version: tuple[int, int] = (3, 8)
    max_file_size: int = DEFAULT_MAX_BYTES
    snippet_errors: str = "error"


@dataclass
class ProjectEntry:
    id: str
    model: Project
    doc: Document


@dataclass
class LibraryEntry:
    id: str
    model: Library
    doc: Document


@dataclass
class ExampleEntry:
    number: int
    model: Example
    project: ProjectEntry
    analysis: Analysis
    highlight: tuple[int, ...]


@dataclass
class ApiEntry:
    model: ApiPage
    doc: Document
    examples: list[ExampleEntry] = field(default_factory=list)

    @property
    def api(self) -> str:
        return self.model.api

    @property
    def module(self) -> str:
        return self.api.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.api.rpartition(".")[2]

    @property
    def library(self) -> str:
        return self.api.split(".")[0]

    @property
    def title(self) -> str:
        return (
            f"{self.module} {self.name} Example Code"
            if self.module
            else f"{self.name} Example Code"
        )


@dataclass
class Site:
    """Everything the content folder describes, validated and checked."""

    root: Path
    projects: dict[str, ProjectEntry]
    apis: list[ApiEntry]
    libraries: dict[str, LibraryEntry]
    warnings: list[Problem] = field(default_factory=list)


_TYPE_NAMES = {
    "int_type": "integer",
    "int_parsing": "integer",
    "string_type": "string",
    "bool_type": "boolean",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


_TYPE_HINTS = {
    ("integer", "string"): "; write the number without quotes",
    ("boolean", "string"): "; write true or false",
    ("list", "string"): "; write a list, such as [1, 2]",
    ("list", "integer"): "; write a list, such as [1, 2]",
    ("mapping", "string"): "; write its keys on the lines below, indented",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, name in (
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "list"),
        (dict, "mapping"),
        (datetime, "timestamp"),
        (date, "date"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def load_site(content: Path, *, root: Path | None = None, settings: Settings | None = None) -> Site:
    """Load every content file under `content`; raise ContentError listing all problems."""
    settings = settings or Settings()
    loader = _Loader(content, root, settings)
    site = loader.run()
    errors = [p for p in loader.problems if p.severity == "error"]
    if errors:
        raise ContentError(loader.problems)
    site.warnings = loader.problems
    return site


# The last load of each file, for rebuilds in `mkdocs serve`: (version, doc, model, problems)
_FILES: dict[Path, tuple[tuple[object, ...], Document, Any, list[Problem]]] = {}


class _Loader:
    def __init__(self, content: Path, root: Path | None, settings: Settings) -> None:
        self.content = content
        self.root = root
        self.settings = settings
        self.problems: list[Problem] = []
        self.broken: set[str] = set()  # files that exist but did not validate

    def run(self) -> Site:
        projects = {
            stem: ProjectEntry(stem, model, doc)
            for stem, model, doc in self._load_kind("projects", Project)
        }
        libraries = {
            stem: LibraryEntry(stem, model, doc)
            for stem, model, doc in self._load_kind("libraries", Library)
        }
        apis: list[ApiEntry] = []
        seen: dict[str, ApiEntry] = {}
        for stem, model, doc in self._load_kind("apis", ApiPage):
            if stem != model.api:
                self.problems.append(
                    doc.problem(
                        ("api",),
                        f"the file name must match the API: rename the file to {model.api}.yml "
                        f"or set `api: {stem}`",
                    )
                )
                continue
            other = seen.get(model.api.lower())
            if other is not None:
                self.problems.append(
                    doc.problem(
                        ("api",),
                        f"{model.api} already has a page in {other.doc.shown}; "
                        "merge the two files into one",
                    )
                )
                continue
            entry = ApiEntry(model, doc)
            seen[model.api.lower()] = entry
            self._check_examples(entry, projects)
            apis.append(entry)
        apis.sort(key=lambda a: a.api.lower())
        return Site(self.content, projects, apis, libraries)

    def _load_kind(self, folder: str, model: type[BaseModel]) -> list[tuple[str, Any, Document]]:
        directory = self.content / folder
        if not directory.is_dir():
            return []
        loaded = []
        for path in sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES):
            shown = display_path(path, self.root)
            stem = path.stem
            self.broken.add(stem)
            if folder != "apis" and (not SLUG.fullmatch(stem) or WINDOWS_RESERVED.fullmatch(stem)):
                self.problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        f"'{stem}' cannot be an id: name the file with lowercase letters, digits, "
                        "'.', '_' and '-', starting with a letter or digit (and not a name "
                        "Windows reserves, such as con or nul)",
                    )
                )
                continue
            if folder == "projects" and stem == "index":
                self.problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "'index' is the address of the page listing all projects, so it cannot "
                        "be a project id: rename the file after the project",
                    )
                )
                continue
            doc, instance = self._load_file(path, shown, model, folder)
            if instance is not None:
                self.broken.discard(stem)
                loaded.append((stem, instance, doc))
        return loaded

    def _load_file(
        self, path: Path, shown: str, model: type[BaseModel], folder: str
    ) -> tuple[Document, Any]:
        """Load and validate one file, reusing the last result while the file is unchanged."""
        try:
            stat = path.stat()
            version: tuple[object, ...] = (
                stat.st_mtime_ns,
                stat.st_size,
                shown,
                folder,
                self.settings.max_file_size,
            )
        except OSError:
            version = ()
        cached = _FILES.get(path)
        if version and cached is not None and cached[0] == version:
            _, doc, instance, problems = cached
            self.problems.extend(problems)
            return doc, instance
        before = len(self.problems)
        doc, problems = load_document(path, shown, max_bytes=self.settings.max_file_size)
        self.problems.extend(problems)
        instance = None if problems else self._validate(doc, model, folder)
        if version:
            _FILES[path] = (version, doc, instance, self.problems[before:])
        return doc, instance

    def _validate(self, doc: Document, model: type[BaseModel], folder: str) -> Any:
        fields = ", ".join(f"{name}:" for name, f in model.model_fields.items() if f.is_required())
        if doc.data is None:
            self.problems.append(
                doc.problem((), f"the file is empty; a file in {folder}/ starts with {fields}")
            )
            return None
        if not isinstance(doc.data, dict):
            self.problems.append(
                doc.problem(
                    (),
                    f"Expected type: mapping but received: {_type_name(doc.data)}; "
                    f"a file in {folder}/ holds keys such as {fields}",
                )
            )
            return None
        try:
            instance = model.model_validate(doc.data)
        except ValidationError as e:
            for error in e.errors():
                self.problems.append(_problem(doc, model, error))
            return None
        problems = list(_markdown_problems(doc, instance))
        self.problems.extend(problems)
        return None if problems else instance

    def _check_examples(self, entry: ApiEntry, projects: dict[str, ProjectEntry]) -> None:
        doc = entry.doc
        seen: dict[tuple[str, str, str], int] = {}
        severity = "warning" if self.settings.snippet_errors == "warn" else "error"
        for index, example in enumerate(entry.model.examples):
            number = index + 1
            key = ("examples", index)
            label = f"example {number} ({example.project})"
            project = projects.get(example.project)
            if project is None and example.project in self.broken:
                continue  # the project file has errors of its own, reported there
            if project is None:
                close = difflib.get_close_matches(example.project, list(projects), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else (f"create content/projects/{example.project}.yml")
                )
                self.problems.append(
                    doc.problem(
                        (*key, "project"),
                        f"example {number}: unknown project '{example.project}'; {hint}",
                    )
                )
                continue
            identity = (example.project, example.file, example.code)
            if identity in seen:
                self.problems.append(
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
                self.problems.append(Problem(doc.shown, line, col, f"{label}: {blank[1]}"))
                continue
            analysis = analyze(
                example.code, entry.api, feature_version=self.settings.python_version
            )
            for issue in analysis.issues:
                line, col = code_at.inside(issue.line, issue.col)
                self.problems.append(
                    Problem(doc.shown, line, col, f"{label}: {issue.message}", severity)
                )
            if example.expect_use and not analysis.use_lines and not analysis.issues:
                self.problems.append(
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
                    self.problems.append(
                        doc.problem(
                            (*key, "highlight", i),
                            f"{label}: highlight line {value} is outside the snippet, which "
                            f"has {len(lines)} lines; use numbers from 1 to {len(lines)}, counted "
                            "from the snippet's first line",
                        )
                    )
            chosen = tuple(sorted(set(highlight))) if highlight is not None else analysis.use_lines
            entry.examples.append(ExampleEntry(number, example, project, analysis, chosen))


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


def _markdown_problems(doc: Document, instance: BaseModel) -> list[Problem]:
    problems = []
    for key in _markdown_keys(instance):
        value: Any = instance
        for part in key:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        if not isinstance(value, str):
            continue
        for issue in markdown_issues(value):
            line = value.count("\n", 0, issue.index) + 1
            col = issue.index - (value.rfind("\n", 0, issue.index) + 1) + 1
            pos = doc.at(key)
            at_line, at_col = doc.find(issue.needle, pos.inside(line, col), pos)
            field_name = str(key[-1])
            prefix = ""
            if isinstance(instance, ApiPage) and len(key) == 3 and isinstance(key[1], int):
                prefix = f"example {key[1] + 1} ({instance.examples[key[1]].project}): "
            message = f"{prefix}'{field_name}': {issue.message}"
            problems.append(Problem(doc.shown, at_line, at_col, message))
    return problems


def _markdown_keys(instance: BaseModel) -> list[tuple[str | int, ...]]:
    keys: list[tuple[str | int, ...]] = []
    for name in MARKDOWN_FIELDS.get(type(instance).__name__, ()):
        keys.append((name,))
    if isinstance(instance, ApiPage):
        for index in range(len(instance.examples)):
            keys.extend(("examples", index, name) for name in MARKDOWN_FIELDS["Example"])
    return keys


def _problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    prefix = ""
    if len(loc) >= 2 and loc[0] == "examples" and isinstance(loc[1], int):
        example = doc.data["examples"][loc[1]] if isinstance(doc.data.get("examples"), list) else {}
        project = example.get("project") if isinstance(example, dict) else None
        prefix = (
            f"example {loc[1] + 1}" + (f" ({project})" if isinstance(project, str) else "") + ": "
        )
    field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    kind = error["type"]
    if kind == "missing":
        return doc.problem(
            loc[:-1],
            f"{prefix}'{field_name}': Required configuration not provided; add `{field_name}:`",
        )
    if kind == "extra_forbidden":
        known = list(_fields_at(model, loc[:-1]))
        close = difflib.get_close_matches(field_name, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "valid keys: " + ", ".join(known)
        return doc.problem(loc, f"{prefix}unknown key '{field_name}'; {hint}", on_key=True)
    if kind in _TYPE_NAMES:
        received = _type_name(error["input"])
        hint = _TYPE_HINTS.get((_TYPE_NAMES[kind], received), "")
        if not hint and _TYPE_NAMES[kind] == "string":
            hint = "; give the text" if received == "null" else "; quote it"
        return doc.problem(
            loc,
            f"{prefix}'{field_name}': Expected type: {_TYPE_NAMES[kind]} "
            f"but received: {received}{hint}",
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(error["input"]), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "use one of them"
        return doc.problem(
            loc, f"{prefix}'{field_name}': '{error['input']}' is not one of {expected}; {hint}"
        )
    if kind == "greater_than_equal":
        return doc.problem(loc, f"{prefix}'{field_name}': must be 1 or more (lines count from 1)")
    if kind == "string_too_short":
        return doc.problem(loc, f"{prefix}'{field_name}': must not be empty")
    message = error["msg"]
    return doc.problem(loc, f"{prefix}'{field_name}': {message}")


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, str) and part in current.model_fields:
            annotation = current.model_fields[part].annotation
            args = getattr(annotation, "__args__", ())
            nested = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if nested:
                current = nested[0]
    return list(current.model_fields)
