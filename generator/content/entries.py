"""Checked content: each file's model with its document, and the `Site` they make."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from .models import ApiPage, Example, Library, Project
from .yamlload import Document

if TYPE_CHECKING:
    from ..checks.snippets import Analysis
    from .freshness import Freshness


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
    api: str = field(init=False, repr=False, compare=False)
    """The model's dotted name, asked for at every turn of a build."""

    def __post_init__(self) -> None:
        self.api = self.model.api

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
    home: str | None = None
    """The hand-written `index.md` of the content folder, if there is one."""
    warnings: list[Problem] = field(default_factory=list)
    freshness: Freshness | None = None
    """What `verify --record` last found upstream (`freshness.yml`), if it ran."""
