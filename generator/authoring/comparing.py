"""Comparing one example with its file at its ref and at HEAD: the outcome and the messages.

A mixin of verify's walk, which owns the report, the sources folder and the mode.
"""

from __future__ import annotations

from pathlib import Path

from ..checks.symbols import NotFound
from ..content.entries import ApiEntry, ExampleEntry
from ..errors import Problem
from . import gitfiles, upstream
from .drift import Found, Missing, chunk_starts, diff
from .findings import DRIFTED, FILE_MISSING, MATCHED, MOVABLE, STALE, Clone, Finding, Report
from .symbols import locate_example, not_defined


class Comparisons:
    report: Report
    sources: Path
    update: bool

    def _at_ref(self, api: ApiEntry, example: ExampleEntry, clone: Clone, commit: str) -> str:
        doc, model = api.doc, example.model
        key = ("examples", example.number - 1)
        label = f"example {example.number} ({model.project})"
        short = model.ref[:12]
        text = clone.blobs.text(f"{commit}:{model.file}")
        if text is None:
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
            return FILE_MISSING
        result = locate_example(text, model.code, model.first_line, model.symbol)
        if isinstance(result, NotFound):
            message = not_defined(label, model.file, str(model.symbol), short, result)
            self._add(doc.problem((*key, "symbol"), message))
            return DRIFTED
        if isinstance(result, Missing):
            after = f" after line {result.after}" if result.after else ""
            message = (
                f"{label}: {result.chunk.label()} {_do(result)} not appear in {model.file} at "
                f"{short}{after}; copy them again from the file at that commit"
            )
            self._missing(api, example, text, result, message, f"{model.file} at {short}")
            return DRIFTED
        starts = chunk_starts(model.code, result)
        if model.chunk_lines is not None and starts is not None and starts != model.chunk_lines:
            self._add(
                doc.problem(
                    (*key, "line"),
                    f"{label}: `line` is {list(model.chunk_lines)}, but the chunks start at lines "
                    f"{list(starts)} of {model.file} at {short}; set `line: {list(starts)}`",
                )
            )
            return DRIFTED
        if model.first_line is not None and result.line != model.first_line:
            self._add(
                doc.problem(
                    (*key, "line"),
                    f"{label}: `line` is {model.first_line}, but the snippet starts at line "
                    f"{result.line} of {model.file} at {short}; set `line: {result.line}`",
                )
            )
            return DRIFTED
        return MATCHED

    def _at_head(
        self, api: ApiEntry, example: ExampleEntry, clone: Clone, state: upstream.HeadState
    ) -> None:
        doc, model = api.doc, example.model
        outcome = (api.api, example.number)
        key = ("examples", example.number - 1)
        label = f"example {example.number} ({model.project})"
        head = clone.head[:12]
        pinned = f"or keep it pinned to {model.ref[:12]}"
        severity = "error" if self.update else "warning"
        if state.missing is not None:
            self.report.at_head[outcome] = STALE
            where = f"HEAD ({head})"
            message = not_defined(label, str(state.file), str(model.symbol), where, state.missing)
            self._add(doc.problem((*key, "symbol"), f"{message}, {pinned}"), severity=severity)
            return
        if state.file != model.file and model.symbol and isinstance(state.result, Found):
            # the symbol, followed into the renamed file: where it is there
            self.report.at_head[outcome] = STALE
            starts = chunk_starts(model.code, state.result)
            at = list(starts) if starts is not None else state.result.line
            message = (
                f"{label}: {model.symbol} moved to {state.file} at HEAD ({head}), line {at}; "
                f"set `file: {state.file}`, `ref: {clone.head}` and `line: {at}` "
                f"(`example-pages pin` does), {pinned}"
            )
            self._add(doc.problem((*key, "file"), message), severity=severity)
            return
        if state.file != model.file:
            self.report.at_head[outcome] = STALE
            moved = state.file
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
        result = state.result
        if isinstance(result, Found):
            self.report.at_head[outcome] = MOVABLE
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
        assert isinstance(result, Missing)
        self.report.at_head[outcome] = STALE
        message = (
            f"{label}: {result.chunk.label()} no longer {_appear(result)} in {model.file} at HEAD "
            f"({head}); update the snippet from the file, {pinned}"
        )
        where = f"{model.file} at HEAD ({head})"
        self._missing(api, example, state.text, result, message, where, severity)

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


def _do(missing: Missing) -> str:
    return "does" if missing.chunk.first == missing.chunk.last else "do"


def _appear(missing: Missing) -> str:
    return "appears" if missing.chunk.first == missing.chunk.last else "appear"
