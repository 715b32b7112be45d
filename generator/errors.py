"""Located problems in content files, and the one exception that carries them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .wording import plural


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ContentError(Exception):
    """Raised by `generator.site.load_site` when content files have errors.

    Carries every problem found, so an author sees them all at once.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


class TemplateError(Exception):
    """Raised by `render.Renderer` when a site's template does not load or render."""


def summary(problems: list[Problem]) -> str:
    return f"Aborted with {plural(len(problems), 'content error')}."


def format_problems(problems: list[Problem], *, fmt: str = "text") -> str:
    """Render problems as text lines plus a summary, GitHub annotations or JSON."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2)
    if fmt == "github":
        return "\n".join(
            f"::{p.severity} file={_gh_property(p.path)},line={p.line},col={p.col}::"
            f"{_gh_escape(p.message)}"
            for p in problems
        )
    lines = [str(p) for p in problems]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        lines.append(summary(errors))
    return "\n".join(lines)


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # a property value also ends at ',' and '::'
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` when it lies below it, in POSIX form."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
