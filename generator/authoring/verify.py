"""`example-pages verify`: check every pinned snippet against local clones, without network.

Each example's file is read at its `ref`: every chunk between elision lines must appear there
verbatim and in order, the first at `line`. The clone's HEAD is checked too, so an upstream
change shows before anyone pins to it; `--update` moves `ref` (and `line`) to HEAD where the
snippet still matches there.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.symbols import NotFound
from ..content.entries import ApiEntry, ExampleEntry, ProjectEntry, Site
from ..content.models import Example, repo_name
from ..errors import Problem
from . import gitfiles
from .drift import Found, Missing, chunk_starts, diff
from .symbols import locate_example
from .yamledit import Editor, flow_list

_FOLDER_NAME = re.compile(r"[A-Za-z0-9._-]+")


@dataclass
class Finding:
    problem: Problem
    diff: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What verify found; `updates` maps a content file to (index, ref, line or None)."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    matched: int = 0
    drifted: int = 0
    stale: int = 0
    movable: int = 0
    current: int = 0
    unchecked: int = 0
    unpinned: int = 0  # matched at a branch or tag, which moves: not pinned
    ref_missing: int = 0
    file_missing: int = 0
    unreadable: int = 0
    clones: set[Path] = field(default_factory=set)
    updates: dict[Path, list[tuple[int, str, int | list[int] | None]]] = field(default_factory=dict)


@dataclass
class Clone:
    path: Path
    head: str
    blobs: gitfiles.Blobs
    commits: dict[str, gitfiles.Resolved] = field(default_factory=dict)

    def resolve(self, ref: str) -> gitfiles.Resolved:
        """The commit `ref` names, through remote-tracking branches too."""
        if ref not in self.commits:
            self.commits[ref] = gitfiles.resolve_ref(self.path, ref)
        return self.commits[ref]

    def commit(self, ref: str) -> str | None:
        return self.resolve(ref).commit


def find_clone(sources: Path, project: ProjectEntry) -> Path | None:
    """The clone of `project` in `sources`: a folder named by its id or its repository.

    Only a plain folder name is looked up (never `.`, `..` or a path), so no repository
    address can point verify at a folder outside `sources`.
    """
    for name in (project.id, repo_name(project.model.repo)):
        if (
            _FOLDER_NAME.fullmatch(name)
            and name not in (".", "..")
            and gitfiles.is_clone(sources / name)
        ):
            return sources / name
    return None


class _Verifier:
    def __init__(self, sources: Path, stack: ExitStack, *, update: bool) -> None:
        self.sources = sources
        self.stack = stack
        self.update = update
        self.report = Report()
        self.clones: dict[str, Clone | None] = {}
        self.broken: dict[str, str] = {}

    def clone(self, project: ProjectEntry) -> Clone | None:
        if project.id not in self.clones:
            path = find_clone(self.sources, project)
            clone = None
            if path is not None:
                try:
                    head = gitfiles.head(path)
                    blobs = self.stack.enter_context(gitfiles.Blobs(path))
                    clone = Clone(path, head, blobs)
                except gitfiles.GitError as e:
                    # an empty or damaged clone fails its own examples, not the run
                    self.broken[project.id] = str(e).splitlines()[0]
            self.clones[project.id] = clone
        return self.clones[project.id]

    def example(self, api: ApiEntry, example: ExampleEntry) -> None:
        checked = self.report.checked
        try:
            self._example(api, example)
        except gitfiles.GitError as e:
            # one unreadable object or clone fails the examples that need it, not the run;
            # such an example was not checked, and did not drift
            self.report.checked = checked
            self.report.unreadable += 1
            label = f"example {example.number} ({example.model.project})"
            self._add(
                api.doc.problem(
                    ("examples", example.number - 1),
                    f"{label}: {e}; check the clone (git fsck) or clone it again",
                )
            )

    def _example(self, api: ApiEntry, example: ExampleEntry) -> None:
        doc, model = api.doc, example.model
        key = ("examples", example.number - 1)
        label = f"example {example.number} ({model.project})"
        new_clone = example.project.id not in self.clones
        clone = self.clone(example.project)
        if clone is None and example.project.id in self.broken:
            self.report.unreadable += 1
            self._add(
                doc.problem(
                    key,
                    f"{label}: the clone of {model.project} cannot be read: "
                    f"{self.broken[example.project.id]}; clone it again",
                )
            )
            return
        if clone is None:
            self.report.unchecked += 1
            if new_clone:
                where = self.sources / example.project.id
                self._add(
                    doc.problem(
                        key,
                        f"{label}: no clone of {model.project} in {self.sources.as_posix()}; "
                        f"clone {example.project.model.repo} to {where.as_posix()} "
                        "to verify its examples",
                    ),
                    severity="warning",
                )
            return
        self.report.checked += 1
        self.report.clones.add(clone.path)
        resolved = clone.resolve(model.ref)
        commit = resolved.commit
        pinned = resolved.kind == "sha"
        if not self.update:
            if commit is None:
                self.report.ref_missing += 1
                self._add(
                    doc.problem(
                        (*key, "ref"), f"{label}: {_no_ref(clone, model.ref, self.sources)}"
                    )
                )
                return
            if not self._at_ref(api, example, clone, commit):
                return
            if not pinned:
                self.report.matched -= 1  # counted apart: a match at a branch pins nothing
                self.report.unpinned += 1
                self._add(
                    doc.problem(
                        (*key, "ref"),
                        f"{label}: the snippet matches {model.ref} ({commit[:12]}), but "
                        f"'{model.ref}' is a {resolved.kind}, not a commit: it moves; run "
                        f"`example-pages pin --sources {self.sources.as_posix()}` to pin it",
                    ),
                    severity="warning",
                )
            if commit == clone.head:
                self.report.current += 1
                return
        elif commit == clone.head and pinned:
            # only a SHA is already pinned: a branch at HEAD today moves tomorrow
            self.report.current += 1
            return
        self._at_head(api, example, clone, commit)

    def _at_ref(self, api: ApiEntry, example: ExampleEntry, clone: Clone, commit: str) -> bool:
        doc, model = api.doc, example.model
        key = ("examples", example.number - 1)
        label = f"example {example.number} ({model.project})"
        short = model.ref[:12]
        text = clone.blobs.text(f"{commit}:{model.file}")
        if text is None:
            self.report.file_missing += 1
            what = (
                "is a folder"
                if gitfiles.is_folder(clone.path, commit, model.file)
                else ("does not exist")
            )
            self._add(
                doc.problem(
                    (*key, "file"),
                    f"{label}: {model.file} {what} at {short}; correct `file` or `ref` "
                    f"(`example-pages pin --sources {self.sources.as_posix()}` finds both)",
                )
            )
            return False
        result = locate_example(text, model.code, model.first_line, model.symbol)
        if isinstance(result, NotFound):
            self.report.drifted += 1
            self._add(doc.problem((*key, "symbol"), _no_symbol(label, model, short, result)))
            return False
        if isinstance(result, Missing):
            self.report.drifted += 1
            after = f" after line {result.after}" if result.after else ""
            message = (
                f"{label}: {result.chunk.label()} {_do(result)} not appear in {model.file} at "
                f"{short}{after}; copy them again from the file at that commit"
            )
            self._missing(api, example, text, result, message, f"{model.file} at {short}")
            return False
        starts = chunk_starts(model.code, result)
        if model.chunk_lines is not None and starts is not None and starts != model.chunk_lines:
            self.report.drifted += 1
            self._add(
                doc.problem(
                    (*key, "line"),
                    f"{label}: `line` is {list(model.chunk_lines)}, but the chunks start at lines "
                    f"{list(starts)} of {model.file} at {short}; set `line: {list(starts)}`",
                )
            )
            return False
        if model.first_line is not None and result.line != model.first_line:
            self.report.drifted += 1
            self._add(
                doc.problem(
                    (*key, "line"),
                    f"{label}: `line` is {model.first_line}, but the snippet starts at line "
                    f"{result.line} of {model.file} at {short}; set `line: {result.line}`",
                )
            )
            return False
        self.report.matched += 1
        return True

    def _at_head(
        self, api: ApiEntry, example: ExampleEntry, clone: Clone, commit: str | None
    ) -> None:
        doc, model = api.doc, example.model
        key = ("examples", example.number - 1)
        label = f"example {example.number} ({model.project})"
        head = clone.head[:12]
        pinned = f"or keep it pinned to {model.ref[:12]}"
        severity = "error" if self.update else "warning"
        text = clone.blobs.text(f"{clone.head}:{model.file}")
        moved_to = None
        if text is None and model.symbol is not None and commit:
            # a symbol is followed into the file's new place
            moved_to = gitfiles.renamed_to(clone.path, commit, clone.head, model.file)
            text = moved_to and clone.blobs.text(f"{clone.head}:{moved_to}")
        if text is None:
            self.report.stale += 1
            moved = commit and gitfiles.renamed_to(clone.path, commit, clone.head, model.file)
            fix = (
                f"was moved to {moved} at HEAD ({head}); set `file: {moved}` and "
                f"`ref: {clone.head}`, {pinned}"
                if moved
                else f"no longer exists at HEAD ({head}); find where the code went, {pinned}"
            )
            self._add(
                doc.problem((*key, "file"), f"{label}: {model.file} {fix}"), severity=severity
            )
            return
        result = locate_example(text, model.code, model.first_line, model.symbol)
        if isinstance(result, NotFound):
            self.report.stale += 1
            message = _no_symbol(label, model, f"HEAD ({head})", result) + f", {pinned}"
            self._add(doc.problem((*key, "symbol"), message), severity=severity)
            return
        if isinstance(result, Found) and moved_to:
            self.report.stale += 1
            starts = chunk_starts(model.code, result)
            at = list(starts) if starts is not None else result.line
            message = (
                f"{label}: {model.symbol} moved to {moved_to} at HEAD ({head}), line {at}; "
                f"set `file: {moved_to}`, `ref: {clone.head}` and `line: {at}` "
                f"(`example-pages pin` does), {pinned}"
            )
            self._add(doc.problem((*key, "file"), message), severity=severity)
            return
        if isinstance(result, Found):
            self.report.movable += 1
            if self.update:
                line: int | list[int] | None = None
                if model.first_line is not None:
                    starts = chunk_starts(model.code, result)
                    line = list(starts) if starts is not None else result.line
                entry = (example.number - 1, clone.head, line)
                self.report.updates.setdefault(doc.path, []).append(entry)
                changed = f", line {model.line} -> {line}" if line != model.line else ""
                self._add(
                    doc.problem((*key, "ref"), f"{label}: ref {model.ref[:12]} -> {head}{changed}"),
                    severity="info",
                )
            return
        self.report.stale += 1
        message = (
            f"{label}: {result.chunk.label()} no longer {_appear(result)} in {model.file} at HEAD "
            f"({head}); update the snippet from the file, {pinned}"
        )
        where = f"{model.file} at HEAD ({head})"
        self._missing(api, example, text, result, message, where, severity)

    def _missing(
        self,
        api: ApiEntry,
        example: ExampleEntry,
        text: str,
        result: Missing,
        message: str,
        where: str,
        severity: str = "error",
    ) -> None:
        """Report a chunk not found in `text`, at its snippet line, with the diff."""
        doc = api.doc
        line, col = doc.at(("examples", example.number - 1, "code")).inside(result.chunk.first)
        old = f"{doc.shown} (example {example.number})"
        self._add(
            Problem(doc.shown, line, col, message, severity),
            diff(text, result, old=old, new=where),
        )

    def _add(
        self, problem: Problem, lines: list[str] | None = None, *, severity: str | None = None
    ) -> None:
        if severity is not None:
            problem = Problem(problem.path, problem.line, problem.col, problem.message, severity)
        self.report.findings.append(Finding(problem, lines or []))


def verify_site(site: Site, sources: Path, *, update: bool = False) -> Report:
    """Check every example of `site` against the clones in `sources`; apply no change."""
    with ExitStack() as stack:
        verifier = _Verifier(sources, stack, update=update)
        for api in site.apis:
            for example in api.examples:
                try:
                    verifier.example(api, example)
                except gitfiles.GitError as e:
                    # git failing mid-run on one clone (damaged objects) fails that example
                    verifier.report.unreadable += 1
                    label = f"example {example.number} ({example.model.project})"
                    message = f"{label}: the clone cannot be read: {str(e).splitlines()[0]}"
                    verifier.report.findings.append(
                        Finding(api.doc.problem(("examples", example.number - 1), message))
                    )
    return verifier.report


def apply_updates(report: Report) -> int:
    """Write the moved refs and lines into the content files; return how many files changed."""
    written = 0
    for path, changes in sorted(report.updates.items()):
        editor = Editor(path)
        examples = editor.data["examples"]
        for index, ref, line in changes:
            examples[index]["ref"] = ref
            if line is not None:
                examples[index]["line"] = flow_list(line) if isinstance(line, list) else line
        written += editor.save()
    return written


def _no_ref(clone: Clone, ref: str, sources: Path) -> str:
    """Why `ref` names nothing in the clone, and what will fix it (fetching will not)."""
    where = clone.path.as_posix()
    default = gitfiles.default_branch(clone.path)
    renamed = f" (its default branch is '{default}')" if default and default != ref else ""
    return (
        f"'{ref}' names no commit, branch or tag in the clone {where}{renamed}; "
        f"set `ref` to the commit SHA the snippet was copied at, or run "
        f"`example-pages pin --sources {sources.as_posix()}` to find it"
    )


def _no_symbol(label: str, model: Example, where: str, missing: NotFound) -> str:
    return (
        f"{label}: {model.file} at {where} does not define {model.symbol}: {missing.reason}; "
        f"{missing.hint()}"
    )


def _do(missing: Missing) -> str:
    return "does" if missing.chunk.first == missing.chunk.last else "do"


def _appear(missing: Missing) -> str:
    return "appears" if missing.chunk.first == missing.chunk.last else "appear"
