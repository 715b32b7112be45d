"""`example-pages verify`: check every pinned snippet against local clones, without network.

Each example's file is read at its `ref`: every chunk between elision lines must appear there
verbatim and in order, the first at `line`. The clone's HEAD is checked too, so an upstream
change shows before anyone pins to it; `--update` moves `ref` (and `line`) to HEAD where the
snippet still matches there.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

from ..content.entries import ApiEntry, ExampleEntry, ProjectEntry, Site
from ..content.models import Example, repo_name
from . import gitfiles, origins, refs, upstream
from .comparing import Comparisons
from .findings import (
    AT_HEAD,
    MATCHED,
    NO_CLONE,
    OTHER_ORIGIN,
    REF_MISSING,
    UNPINNED,
    UNREADABLE,
    Clone,
    Report,
    Upstream,
)
from .yamledit import Editor, flow_list

_FOLDER_NAME = re.compile(r"[A-Za-z0-9._-]+")


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


class _Verifier(Comparisons):
    def __init__(
        self, sources: Path, stack: ExitStack, *, update: bool, record: bool, other_origin: bool
    ) -> None:
        self.sources = sources
        self.stack = stack
        self.update = update
        self.record = record
        self.other_origin = other_origin
        self.report = Report()
        self.clones: dict[str, Clone | None] = {}
        self.broken: dict[str, str] = {}
        self.foreign: set[str] = set()

    def clone(self, project: ProjectEntry) -> Clone | None:
        if project.id not in self.clones:
            path = find_clone(self.sources, project)
            clone = None
            if path is not None:
                self.report.clones.add(path)
                try:
                    head = gitfiles.head(path)
                    blobs = self.stack.enter_context(gitfiles.Blobs(path))
                    clone = Clone(path, head, blobs)
                except gitfiles.GitError as e:
                    # an empty or damaged clone fails its own examples, not the run
                    self.broken[project.id] = str(e).splitlines()[0]
                else:
                    self._origin(project, path)
            self.clones[project.id] = clone
        return self.clones[project.id]

    def _origin(self, project: ProjectEntry, path: Path) -> None:
        """Refuse (or, when asked, accept) a clone of another repository; warn when unknown."""
        verdict = origins.check(path, project.id, project.model.repo, allow=self.other_origin)
        if verdict is not None:
            severity, message = verdict
            if severity == "error":
                self.foreign.add(project.id)
            self._add(project.doc.problem(("repo",), message), severity=severity)

    def example(self, api: ApiEntry, example: ExampleEntry) -> None:
        key = (api.api, example.number)
        new_clone = example.project.id not in self.clones
        self.clone(example.project)  # what it finds of the clone stays, whatever the example does
        findings = len(self.report.findings)
        try:
            self._example(api, example, new_clone=new_clone)
        except gitfiles.GitError as e:
            # one unreadable object or clone fails the examples that need it, not the run;
            # such an example was not checked, and what was found of it before is dropped
            del self.report.findings[findings:]
            self.report.at_ref[key] = UNREADABLE
            self.report.at_head.pop(key, None)
            self.report.upstream.pop(key, None)
            changes = self.report.updates.get(api.doc.path, [])
            changes[:] = [c for c in changes if c[0] != example.number - 1]
            label = f"example {example.number} ({example.model.project})"
            self._add(
                api.doc.problem(
                    ("examples", example.number - 1),
                    f"{label}: {str(e).splitlines()[0]}; check the clone (git fsck) or clone "
                    "it again",
                )
            )

    def _example(self, api: ApiEntry, example: ExampleEntry, *, new_clone: bool) -> None:
        doc, model = api.doc, example.model
        key = ("examples", example.number - 1)
        outcome = (api.api, example.number)
        label = f"example {example.number} ({model.project})"
        clone = self.clone(example.project)
        if clone is None and example.project.id in self.broken:
            self.report.at_ref[outcome] = UNREADABLE
            self._add(
                doc.problem(
                    key,
                    f"{label}: the clone of {model.project} cannot be read: "
                    f"{self.broken[example.project.id]}; clone it again",
                )
            )
            return
        if clone is None:
            self.report.at_ref[outcome] = NO_CLONE
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
        if example.project.id in self.foreign:
            self.report.at_ref[outcome] = OTHER_ORIGIN
            return
        resolved = clone.resolve(model.ref)
        commit = resolved.commit
        # read at HEAD only where it is asked for: to record, or after a match at the ref
        state = None
        if self.record:
            state = self._state(clone, model, commit)
            self._record(api, example, clone, state)
        if self.update:
            self.report.at_ref[outcome] = MATCHED  # not checked at its ref: only HEAD counts
            if commit == clone.head and resolved.pinned:
                # only a SHA is already pinned: a branch at HEAD today moves tomorrow
                self.report.at_head[outcome] = AT_HEAD
                return
            self._at_head(api, example, clone, state or self._state(clone, model, commit))
            return
        if commit is None:
            self.report.at_ref[outcome] = REF_MISSING
            pin = f"`example-pages pin --sources {self.sources.as_posix()}`"
            message = refs.missing_message(clone.path, resolved, model.ref, pin)
            self._add(doc.problem((*key, "ref"), f"{label}: {message}"))
            return
        found = self._at_ref(api, example, clone, commit)
        self.report.at_ref[outcome] = found
        if found != MATCHED:
            return
        if not resolved.pinned:
            self.report.at_ref[outcome] = UNPINNED  # a match at a branch pins nothing
            self._add(
                doc.problem(
                    (*key, "ref"),
                    f"{label}: the snippet matches {model.ref} ({commit[:12]}), but "
                    f"'{model.ref}' is {refs.KINDS.get(resolved.kind, 'a name')}, not a commit: "
                    f"it moves; run `example-pages pin --sources {self.sources.as_posix()}` "
                    "to pin it",
                ),
                severity="warning",
            )
        if commit == clone.head:
            self.report.at_head[outcome] = AT_HEAD
            return
        self._at_head(api, example, clone, state or self._state(clone, model, commit))

    @staticmethod
    def _state(clone: Clone, model: Example, commit: str | None) -> upstream.HeadState:
        return upstream.head_state(clone.path, clone.blobs, clone.head, model, commit)

    def _record(
        self, api: ApiEntry, example: ExampleEntry, clone: Clone, state: upstream.HeadState
    ) -> None:
        model = example.model
        self.report.upstream[(api.api, example.number)] = Upstream(
            api=api.api,
            number=example.number,
            project=example.project.id,
            file=model.file,
            ref=model.ref,
            head=clone.head,
            date=clone.head_date(),
            status=state.status(model),
            head_file=state.file,
            lines=state.lines(model),
        )


def verify_site(
    site: Site,
    sources: Path,
    *,
    update: bool = False,
    record: bool = False,
    other_origin: bool = False,
) -> Report:
    """Check every example of `site` against the clones in `sources`; apply no change.

    `record` also finds where each example's lines stand at its clone's HEAD
    (`Report.upstream`); `other_origin` checks clones whose origin is another repository.
    """
    with ExitStack() as stack:
        verifier = _Verifier(
            sources, stack, update=update, record=record, other_origin=other_origin
        )
        for api in site.apis:
            for example in api.examples:
                verifier.example(api, example)
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
