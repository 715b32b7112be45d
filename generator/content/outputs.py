"""The records a build writes beside the pages, as models: the one place that defines their
fields, from which their JSON Schemas are generated (`example-pages schema`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

FORMAT = 1
"""Raised when a field changes meaning or goes; new fields keep it."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Lines(_Record):
    start: int = Field(description="First upstream line, 1-based.")
    end: int | None = Field(description="Last upstream line, when known.")


class ExampleRecord(_Record):
    """One example: what it quotes, from where, under which license, and where it is shown."""

    api: str = Field(description="The API's dotted path, such as django.dispatch.Signal.")
    kind: str = Field(description="What the API is: class, function, module...")
    number: int = Field(description="The example's number on its page, from 1.")
    page: str = Field(description="The page's address, relative to the site root.")
    anchor: str = Field(description="The example's anchor on its page.")
    url: str = Field(description="The page's address with the anchor.")
    project: str = Field(description="The project's id in the site's content.")
    project_name: str = Field(description="The project's name.")
    license: str = Field(description="The project's license, an SPDX expression.")
    repository: str = Field(description="The repository's web address.")
    ref: str = Field(description="The commit SHA, tag or branch the example names.")
    commit: str | None = Field(description="The commit SHA, when `ref` is one; else null.")
    path: str = Field(description="The quoted file's path inside the repository.")
    symbol: str | None = Field(
        default=None, description="The function, class or method quoted, when the example names it."
    )
    lines: Lines | None = Field(description="From the first to the last quoted line.")
    ranges: list[Lines] = Field(description="Each unbroken run of quoted lines.")
    source: str = Field(description="The file at `ref` on the forge, with the lines.")
    permalink: str | None = Field(
        description="The file at `commit` on the forge, with the lines; null without a commit."
    )


class ExamplesFile(_Record):
    """`examples.json` at the site root: every example of the site, sorted by API and number."""

    format: int = Field(description="The file's format version.")
    site_url: str | None = Field(description="The site's address, when configured.")
    examples: list[ExampleRecord]
