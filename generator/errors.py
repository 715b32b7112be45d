"""Located problems in content files, and the one exception that carries them."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .wording import plural

if TYPE_CHECKING:
    from .files import Folders

# Characters (all but tab) that could end a log line, move the cursor, recolor a terminal or
# reorder text: C0 and C1 controls, DEL, Unicode line breaks and the bidirectional controls.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def escape(text: str) -> str:
    """`text` on one line, every control character written as a visible escape.

    Every message that quotes content (a YAML key, a file name, a line of a clone's file)
    passes through here, so no content can end the line or forge the next one. A line that
    would start with `::` (a GitHub Actions workflow command) gets a backslash first.
    """
    text = _UNSAFE.sub(_visible, text)
    return "\\" + text if text.startswith("::") else text


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return escape(f"{self.path}:{self.line}:{self.col}: {self.message}")

    def labelled(self) -> str:
        """One line with the severity after the place: `path:line:col: warning: message`."""
        if not self.line:  # a problem of no file (a template's, which names its own)
            return escape(f"{self.severity}: {self.message}")
        return escape(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}")

    def line_text(self, *, labelled: bool) -> str:
        """The problem's line in a list: labelled where the list mixes severities."""
        if labelled:
            return self.labelled()
        return str(self) if self.line else escape(self.message)


class ContentError(Exception):
    """Raised by `example_pages.content.load.load_site` when content files have errors.

    Carries every problem found, so an author sees them all at once.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


class TemplateError(Exception):
    """Raised by `render.Renderer` when a site's template does not load or render."""


def summary(problems: list[Problem]) -> str:
    """One line that counts `problems` by severity: the counts add up to the list's length."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not warnings:
        return f"Aborted with {plural(errors, 'content error')}."
    if not errors:
        return f"No errors, {plural(warnings, 'warning')}."
    return f"Aborted with {plural(errors, 'content error')} and {plural(warnings, 'warning')}."


def labels_needed(problems: list[Problem]) -> bool:
    """Whether a list's lines carry their severity: where it holds any warning. A list of
    errors alone keeps the plain `path:line:col: message` lines."""
    return any(p.severity != "error" for p in problems)


def format_problems(problems: list[Problem], *, fmt: str = "text", counted: bool = True) -> str:
    """Render problems as text lines plus a summary, GitHub annotations or JSON.

    Text: one line per problem, sorted by file, then line; where warnings are among them,
    each line is labelled `error:` or `warning:`; then the summary counting both, unless
    `counted` is false (the caller's own summary line counts them).
    """
    if fmt == "json":
        # json escapes every line break and C0 control itself
        return json.dumps([asdict(p) for p in problems], indent=2)
    if fmt == "github":
        return "\n".join(
            f"::{p.severity} file={_gh_property(p.path)},line={p.line},col={p.col}::"
            f"{_gh_escape(escape(p.message))}"
            for p in problems
        )
    labelled = labels_needed(problems)
    lines = [p.line_text(labelled=labelled) for p in sorted(problems)]
    if problems and counted:
        lines.append(summary(problems))
    return "\n".join(lines)


class Reported:
    """The problems a build listed, so that the next lists only what changed (under serve).

    A problem is known by its file, severity and message, not its line: an edit above it
    moves it without making it new.
    """

    def __init__(self) -> None:
        self.last: Counter[tuple[str, str, str]] | None = None
        self._last_problems: list[Problem] = []

    def changes(self, problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
        """The problems new since the last call, and the last call's that are gone."""
        now = sorted(problems)
        counts = Counter(_identity(p) for p in now)
        last = self.last if self.last is not None else Counter()
        new = _beyond(now, last)
        fixed = _beyond(self._last_problems, counts)
        self.last, self._last_problems = counts, now
        return new, fixed


def _identity(problem: Problem) -> tuple[str, str, str]:
    return (problem.path, problem.severity, problem.message)


def _beyond(problems: list[Problem], counts: Counter[tuple[str, str, str]]) -> list[Problem]:
    """The problems past the number `counts` holds of each identity (the last ones)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    found = []
    for problem in problems:
        key = _identity(problem)
        seen[key] += 1
        if seen[key] > counts[key]:
            found.append(problem)
    return found


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # a property value also ends at ',' and '::'
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path, root: Path | None, folders: Folders | None = None) -> str:
    """`path` relative to `root` when it lies below it, in POSIX form.

    `folders` resolves each folder once, for many paths in a few folders.
    """
    if root is not None:
        resolve = folders.folder if folders is not None else Path.resolve
        try:
            # the entry's own name, even when it is a link (or a loop of links)
            resolved = resolve(path.parent) / path.name if path.name else resolve(path)
            return resolved.relative_to(resolve(root)).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def shown_prefix(folder: Path, root: Path | None, folders: Folders) -> str | None:
    """What `display_path` shows before the name of each entry of `folder` (its path is
    the prefix and the name), or None where it shows whole paths."""
    if root is None:
        return None
    try:
        relative = folders.folder(folder).relative_to(folders.folder(root)).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else f"{relative}/"


def write_failure(error: OSError) -> str:
    """One line saying which file could not be written and why, for the CLI to print."""
    where = str(error.filename) if error.filename is not None else "a file"
    why = error.strerror or str(error)
    return escape(f"{where}: cannot write the file: {why}")


def written_failure(error: OSError, site_dir: Path) -> str:
    """`write_failure` for a file an engine was writing into `site_dir` (named when known)."""
    target = error.filename2 if error.filename2 is not None else error.filename
    where = str(target) if target is not None else f"a file in {site_dir}"
    return escape(f"{where}: cannot write the file: {error.strerror or error}")
