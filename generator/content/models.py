"""The content format: one typed model per kind of YAML file.

Each field is defined once here, with its type, default and help text; the JSON Schema
that editors use is generated from these classes (`example-pages schema`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import licenses


def type_name(value: Any) -> str:
    """How messages name the YAML type of `value`: integer, string, mapping..."""
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


def repo_name(repo: str) -> str:
    """The last part of a repository address: `https://github.com/o/r.git` -> `r`."""
    return repo.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]


_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
DOTTED_NAME = re.compile(rf"{_IDENTIFIER}(\.{_IDENTIFIER})*")
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
SHA = re.compile(r"[0-9a-f]{7,40}")
# git check-ref-format, reduced to the shapes tags and branches take in practice
REF = re.compile(r"(?!.*\.\.)(?!.*//)(?!.*@\{)(?!/)(?!.*/$)(?!.*\.lock$)(?!.*\.$)[A-Za-z0-9._/+-]+")
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def _url(value: str) -> str:
    if any(c.isspace() or not c.isprintable() for c in value):
        # urlsplit drops line breaks and tabs, so they would pass unseen into the pages
        raise PydanticCustomError(
            "url",
            "a URL holds no spaces, line breaks or control characters; write a space as %20 "
            "and put the URL on one line",
        )
    parts = urlsplit(value)
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise PydanticCustomError(
            "url",
            "'{value}' has a '.' or '..' folder in its path; write the address as the site "
            "shows it, such as https://github.com/owner/name",
            {"value": value},
        )
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c in value for c in " <>\"'")
    ):
        raise PydanticCustomError(
            "url", "'{value}' is not an http(s) URL; write it as https://...", {"value": value}
        )
    return value


def _license(value: str) -> str:
    try:
        return licenses.normalize(value)
    except ValueError as e:
        raise PydanticCustomError("license", str(e)) from None


def _repo_path(value: str) -> str:
    parts = value.split("/")
    if (
        not value
        or value.startswith("/")
        or "\\" in value
        or any(p in ("", ".", "..") for p in parts)
        or any(ord(c) < 32 or c in '"<>`' for c in value)
    ):
        raise PydanticCustomError(
            "repo_path",
            "'{value}' is not a file path inside the repository; write it relative to the "
            "repository root with forward slashes, such as src/package/module.py",
            {"value": value},
        )
    return value


# A commit named by a web address: GitHub's /commit/<sha> and /blob/<sha>/path, GitLab's
# /-/commit/ and /-/blob/, Bitbucket's /commits/ and /src/, Codeberg's /src/commit/.
_REF_URL = re.compile(
    r"https?://\S+?/(?:-/)?(?:commits?|blob|tree|src(?:/commit)?)/([0-9a-fA-F]{7,40})(?:[/#?]\S*)?"
)


def _ref(value: str) -> str:
    url = _REF_URL.fullmatch(value)
    if url is not None:
        raise PydanticCustomError(
            "ref",
            "'{value}' is a web address, not a ref; write the commit SHA it names: `ref: {sha}`",
            {"value": value, "sha": url.group(1)},
        )
    if not REF.fullmatch(value):
        raise PydanticCustomError(
            "ref",
            "'{value}' is not a commit SHA, tag or branch name; pin the example to the "
            "full commit SHA (git rev-parse HEAD)",
            {"value": value},
        )
    return value


def _dotted(value: str) -> str:
    if DOTTED_NAME.fullmatch(value) and WINDOWS_RESERVED.fullmatch(value):
        raise PydanticCustomError(
            "reserved",
            "'{value}' would make a page file name that Windows reserves (con, prn, aux, nul, "
            "com1-9, lpt1-9); such a page cannot be built everywhere, so give the module's "
            "full dotted path",
            {"value": value},
        )
    if not DOTTED_NAME.fullmatch(value):
        raise PydanticCustomError(
            "dotted",
            "'{value}' is not a dotted Python name; write the module path and the name, "
            "such as django.dispatch.Signal",
            {"value": value},
        )
    return value


def _symbol(value: str) -> str:
    if not DOTTED_NAME.fullmatch(value):
        raise PydanticCustomError(
            "symbol",
            "'{value}' is not a function, class or method name; write it as the file "
            "defines it, with its classes: post_save_handler, MyModel or MyModel.save",
            {"value": value},
        )
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise PydanticCustomError(
            "line", "must be one line of text; remove the line break (or tab)", {}
        )
    return value


Line = Annotated[str, AfterValidator(_one_line)]
Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Markdown = Annotated[
    str,
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
License = Annotated[
    str,
    AfterValidator(_license),
    WithJsonSchema({"type": "string", "description": "An SPDX license expression."}),
]
RepoPath = Annotated[str, AfterValidator(_repo_path)]
GitRef = Annotated[
    str,
    AfterValidator(_ref),
    WithJsonSchema({"type": "string", "pattern": REF.pattern}),
]
DottedName = Annotated[
    str,
    AfterValidator(_dotted),
    WithJsonSchema({"type": "string", "pattern": f"^{DOTTED_NAME.pattern}$"}),
]
Symbol = Annotated[
    str,
    AfterValidator(_symbol),
    WithJsonSchema({"type": "string", "pattern": f"^{DOTTED_NAME.pattern}$"}),
]
LineNumber = Annotated[int, Field(ge=1)]


def _line_spec(value: Any) -> Any:
    """One upstream line number, or one per chunk; one message, whichever was meant."""
    in_list = isinstance(value, list) and bool(value)
    for number in value if in_list else [value]:
        if not isinstance(number, int) or isinstance(number, bool):
            received = type_name(number)
            raise PydanticCustomError(
                "line_spec",
                f"Expected type: integer but received: {received}"
                + (" in the list" if in_list else "")
                + ("; write the number without quotes" if received == "string" else ""),
            )
        if number < 1:
            raise PydanticCustomError("line_spec", "must be 1 or more (lines count from 1)")
    return value


LineSpec = Annotated[
    Any,
    PlainValidator(_line_spec),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
            ]
        }
    ),
]

Kind = Literal["class", "function", "callable", "constant", "module", "attribute"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Project(_Model):
    """An open-source project that examples quote: `content/projects/<id>.yml`."""

    name: Line = Field(description="The project's name as it spells it.", min_length=1)
    repo: Url = Field(description="The repository's web address, such as https://github.com/o/r.")
    license: License = Field(
        description="SPDX license expression from the repository's LICENSE file, such as MIT."
    )
    description: Markdown = Field(
        description="One or two sentences, in our own words, on what the project is (Markdown).",
        min_length=1,
    )
    links: dict[Line, Url] = Field(
        default_factory=dict,
        description="Further links shown with each example, label -> URL.",
    )


class Example(_Model):
    """One quoted snippet of a project's code, pinned to a commit."""

    project: str = Field(description="The project's id: its file name under content/projects/.")
    file: RepoPath = Field(description="Path of the quoted file inside the repository.")
    ref: GitRef = Field(description="Commit SHA (preferred), tag or branch the snippet is from.")
    line: LineSpec | None = Field(
        default=None,
        description="Upstream line number of the snippet's first line; for a snippet with "
        "'# ...' gaps, a list with the upstream line of each chunk's first line, such as "
        "[1, 24, 57].",
    )
    symbol: Symbol | None = Field(
        default=None,
        description="The function, class or method the snippet quotes, named as the file "
        "defines it (post_save_handler, MyModel, MyModel.save): `pin` and `verify` find it "
        "again through the syntax tree when upstream edits move its lines.",
    )
    highlight: list[LineNumber] | None = Field(
        default=None,
        description="Snippet lines (1-based) to highlight; default: the lines that use the API.",
    )
    description: Markdown | None = Field(
        default=None, description="Optional note shown above this example's code (Markdown)."
    )
    expect_use: bool = Field(
        default=True,
        description="Set to false for an example that shows context without using the API.",
    )
    code: str = Field(
        description="The snippet, verbatim; a line '# ...' marks code left out.", min_length=1
    )

    @property
    def first_line(self) -> int | None:
        """The upstream line of the snippet's first line, if known."""
        return self.line[0] if isinstance(self.line, list) else self.line

    @property
    def chunk_lines(self) -> tuple[int, ...] | None:
        """The upstream line of each chunk's first line, when `line` lists them."""
        return tuple(self.line) if isinstance(self.line, list) else None


class ApiPage(_Model):
    """One API and its examples: `content/apis/<dotted.name>.yml`."""

    api: DottedName = Field(
        description="Dotted path: module and name, such as django.dispatch.Signal."
    )
    kind: Kind = Field(description="What the API is.")
    summary: Markdown = Field(description="The introduction paragraph (Markdown).", min_length=1)
    aliases: list[DottedName] = Field(
        default_factory=list,
        description="Other dotted names the API is reachable under, such as a re-export from "
        "another package (werkzeug.exceptions.BadRequest for flask.app.BadRequest); a snippet "
        "that uses one of them uses the API.",
    )
    examples: list[Example] = Field(
        default_factory=list, description="The examples, in the order the page shows them."
    )


class Library(_Model):
    """A library whose APIs the site covers: `content/libraries/<id>.yml`."""

    name: Line = Field(description="Display name, such as Django.", min_length=1)
    homepage: Url = Field(description="The library's home page.")
    summary: Markdown = Field(
        description="Introduction for the library's page (Markdown).", min_length=1
    )
    aliases: dict[DottedName, DottedName] = Field(
        default_factory=dict,
        description="Other dotted names under which this library's APIs are reachable: other "
        "name -> the name pages use, such as django.http.response: django.http. Either may "
        "be a module, standing for every name inside it.",
    )


# The fields that hold Markdown, by model: checked for raw HTML and unsafe links.
MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "Project": ("description",),
    "Example": ("description",),
    "ApiPage": ("summary",),
    "Library": ("summary",),
}


@dataclass(frozen=True)
class FileKind:
    """One kind of content file: its folder, its schema's name and its model."""

    folder: str
    schema: str
    model: type[_Model]

    def schema_line(self, relative_to_schemas: str = "../../schemas") -> str:
        """The editor line that names this kind's JSON Schema."""
        return f"# yaml-language-server: $schema={relative_to_schemas}/{self.schema}.schema.json"


# Projects first: examples on API pages refer to them.
FILE_KINDS: dict[str, FileKind] = {
    kind.folder: kind
    for kind in (
        FileKind("projects", "project", Project),
        FileKind("libraries", "library", Library),
        FileKind("apis", "api", ApiPage),
    )
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The editor schema of one content model."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def field_problem(kind: Any, value: object) -> str | None:
    """What the content check says of `value` as a field of type `kind` (Url, DottedName...).

    The authoring tools ask this before they write a value, so they accept what the check
    accepts and nothing else.
    """
    try:
        TypeAdapter(kind).validate_python(value, strict=True)
    except ValidationError as e:
        return str(e.errors()[0]["msg"])
    return None


def id_problem(stem: str, folder: str) -> str | None:
    """Why `stem` cannot name a file in `folder` (projects/, libraries/), or None."""
    if not SLUG.fullmatch(stem) or WINDOWS_RESERVED.fullmatch(stem):
        return (
            f"'{stem}' cannot be an id: name the file with lowercase letters, digits, "
            "'.', '_' and '-', starting with a letter or digit (and not a name "
            "Windows reserves, such as con or nul)"
        )
    if folder == "projects" and stem == "index":
        return (
            "'index' is the address of the page listing all projects, so it cannot "
            "be a project id: rename the file after the project"
        )
    return None
