"""Read Full Stack Python's example pages: Pelican header, intro, examples, hub sections.

This module only finds the parts of a page; `fsp_map` decides what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

EXAMPLE_HEADING = re.compile(r"^#{1,4}\s*Example\s+(\d+)\s+from\s+(.+?)\s*$")
SECTION_HEADING = re.compile(r"^###\s+(.+?)\s*$")
BREADCRUMB = re.compile(r"^\[\*\*(.+?)\*\*\]\((?:\s*(\S+?)\s*\))?$", re.DOTALL)
FENCE = "```"


@dataclass
class Paragraph:
    """A run of non-blank lines; `line` is the 1-based line of the first one in the page."""

    line: int
    text: str


@dataclass
class RawExample:
    """One code block with the text that introduces it."""

    line: int
    heading: str | None
    paragraphs: list[Paragraph]
    breadcrumb: str | None
    url: str | None
    code: list[str]
    code_line: int


@dataclass
class Section:
    """A `### Name` section of a hub page."""

    line: int
    name: str
    paragraphs: list[Paragraph]


@dataclass
class Page:
    """The parts of one page, as written."""

    path: Path
    header: dict[str, str]
    intro: list[Paragraph] = field(default_factory=list)
    examples: list[RawExample] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    trailing: list[Paragraph] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.header.get("title", "")

    @property
    def slug(self) -> str:
        return self.header.get("slug", self.path.stem)

    @property
    def is_hub(self) -> bool:
        return not self.examples


def paragraphs(lines: list[str], first_line: int) -> list[Paragraph]:
    """Blank-line separated blocks of `lines`, which start at page line `first_line`."""
    result: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    for i, text in enumerate([*lines, ""]):
        if text.strip():
            if not current:
                start = first_line + i
            current.append(text.rstrip())
        elif current:
            result.append(Paragraph(start, "\n".join(current)))
            current = []
    return result


def parse_page(path: Path) -> Page:
    """Split one Markdown page into its header, intro, examples and hub sections."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, str] = {}
    body = 0
    for i, text in enumerate(lines):
        if not text.strip():
            body = i + 1
            break
        key, _, value = text.partition(":")
        header[key.strip().lower()] = value.strip()
    page = Page(path, header)
    fences = _fences(lines, body)
    start = body
    for open_at, close_at in fences:
        page.examples.append(_example(lines, start, open_at, close_at, page))
        start = close_at + 1
    rest = paragraphs(lines[start:], start + 1)
    if not fences:
        _hub(page, rest)
    else:
        page.trailing = rest
    return page


def _fences(lines: list[str], body: int) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(body, len(lines)):
        text = lines[i].strip()
        if open_at is None and text.startswith(FENCE) and text[3:].strip().lower() == "python":
            open_at = i
        elif open_at is not None and text == FENCE:
            result.append((open_at, i))
            open_at = None
    return result


def _example(lines: list[str], start: int, open_at: int, close_at: int, page: Page) -> RawExample:
    """The example whose code is lines[open_at + 1 : close_at], introduced by lines[start:]."""
    heading: str | None = None
    heading_line = open_at + 1
    intro_end = open_at
    for i in range(start, open_at):
        match = EXAMPLE_HEADING.match(lines[i].strip())
        if match:
            heading, heading_line, intro_end = match.group(2), i + 1, i
            break
    before = paragraphs(lines[start:intro_end], start + 1)
    if not page.examples:
        page.intro = before
    elif before:
        page.trailing.extend(before)
    text_start = heading_line if heading is not None else start
    found = _join_split_links(paragraphs(lines[text_start:open_at], text_start + 1))
    breadcrumb = url = None
    kept: list[Paragraph] = []
    for paragraph in found:
        match = BREADCRUMB.match(paragraph.text.strip())
        if match and breadcrumb is None:
            breadcrumb = " ".join(match.group(1).split())
            url = match.group(2)
        else:
            kept.append(paragraph)
    if heading is None and not page.examples:
        # no heading: the intro cannot be told apart from the example's own text
        page.intro = []
    return RawExample(
        line=heading_line,
        heading=heading,
        paragraphs=kept,
        breadcrumb=breadcrumb,
        url=url,
        code=lines[open_at + 1 : close_at],
        code_line=open_at + 2,
    )


def _join_split_links(found: list[Paragraph]) -> list[Paragraph]:
    """Rejoin a link whose target was moved below a blank line (`[**...**](` then the URL)."""
    result: list[Paragraph] = []
    for paragraph in found:
        if result and result[-1].text.endswith("]("):
            result[-1] = Paragraph(result[-1].line, result[-1].text + paragraph.text.strip())
        else:
            result.append(paragraph)
    return result


def _hub(page: Page, found: list[Paragraph]) -> None:
    current: Section | None = None
    for paragraph in found:
        first, _, rest = paragraph.text.partition("\n")
        match = SECTION_HEADING.match(first)
        if match:
            current = Section(paragraph.line, match.group(1), [])
            page.sections.append(current)
            if rest.strip():
                current.paragraphs.append(Paragraph(paragraph.line + 1, rest))
        elif first.startswith("#"):
            current = None
            if rest.strip():
                page.intro.append(Paragraph(paragraph.line + 1, rest))
        elif current is not None:
            current.paragraphs.append(paragraph)
        else:
            page.intro.append(paragraph)
