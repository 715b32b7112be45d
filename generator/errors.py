"""Located problems in content files, and the one exception that carries them."""

from __future__ import annotations

import json
import re
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
    return f"Aborted with {plural(len(problems), 'content error')}."


def format_problems(problems: list[Problem], *, fmt: str = "text") -> str:
    """Render problems as text lines plus a summary, GitHub annotations or JSON."""
    if fmt == "json":
        # json escapes every line break and C0 control itself
        return json.dumps([asdict(p) for p in problems], indent=2)
    if fmt == "github":
        return "\n".join(
            f"::{p.severity} file={_gh_property(p.path)},line={p.line},col={p.col}::"
            f"{_gh_escape(escape(p.message))}"
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
