"""`example-pages new`: start a project or API file that is valid, commented and editor-ready."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..content import licenses
from ..content.models import (
    FILE_KINDS,
    DottedName,
    Kind,
    License,
    Url,
    field_problem,
    id_problem,
    repo_name,
)
from ..content.placeholders import MARKER
from ..files import write_atomic

KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*|https?://[^\s#'\"]+")


class ScaffoldError(Exception):
    """Raised by `authoring.scaffold` for an id, name or option that cannot make a file."""


def schema_line(target: Path, schemas: Path, folder: str) -> str:
    """The `$schema` comment of a content file, relative to the file's folder."""
    relative = Path(os.path.relpath(schemas, target.parent)).as_posix()
    return FILE_KINDS[folder].schema_line(relative) + "\n"


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, else double-quoted (JSON is YAML)."""
    if _PLAIN.fullmatch(text) and text.lower() not in ("true", "false", "null", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _entry(key: str, value: str, comment: str = "") -> str:
    # the comments line up; a longer value still keeps the space YAML needs before `#`
    line = f"{key}: {value}"
    return f"{line:<31} # {comment}\n" if comment else f"{line}\n"


def project_text(project_id: str, repo: str, license: str | None, schemas_line: str) -> str:
    name = repo_name(repo) or project_id
    spdx = licenses.normalize(license) if license else MARKER
    return (
        schemas_line
        + _entry("name", _scalar(name), "as the project spells it")
        + _entry("repo", _scalar(repo))
        + _entry("license", _scalar(spdx), "SPDX expression, from the LICENSE file")
        + _entry("description", ">-", "one or two sentences in our own words (Markdown)")
        + f"  {MARKER}: say what {name} does and who uses it.\n"
        + f"{'# links:':<31} # optional, label -> URL\n"
        + f"#   PyPI: https://pypi.org/project/{name}/\n"
    )


def api_text(api: str, kind: str, schemas_line: str) -> str:
    module, _, name = api.rpartition(".")
    where = f" from {module}" if module else ""
    return (
        schemas_line
        + _entry("api", _scalar(api), "module and name; the file name matches it")
        + _entry("kind", _scalar(kind), " | ".join(KINDS))
        + _entry("summary", ">-", "the introduction (Markdown)")
        + f"  {MARKER}: what {name}{where} is for, in two or three sentences.\n"
        + f"# Add examples with `example-pages harvest <clone> --api {api} --project <id>`,\n"
        + "# or by hand: project, file, ref (commit SHA), line and code (verbatim).\n"
        + "examples: []\n"
    )


def _create(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(target, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise ScaffoldError(
            f"{target.as_posix()} already exists; edit it, or remove it to start again"
        ) from None


def new_project(
    content: Path, project_id: str, repo: str, license: str | None, *, schemas: Path
) -> Path:
    """Write `content/projects/<id>.yml`; ScaffoldError if it exists or an option is bad."""
    for problem in (
        id_problem(project_id, "projects"),
        field_problem(Url, repo),
        field_problem(License, license) if license else None,
    ):
        if problem is not None:
            raise ScaffoldError(problem)
    target = content / "projects" / f"{project_id}.yml"
    text = project_text(project_id, repo, license, schema_line(target, schemas, "projects"))
    _create(target, text)
    return target


def new_api(content: Path, api: str, kind: str, *, schemas: Path) -> Path:
    """Write `content/apis/<api>.yml`; ScaffoldError if it exists or the name is bad."""
    problem = field_problem(DottedName, api)
    if problem is not None:
        raise ScaffoldError(problem)
    target = content / "apis" / f"{api}.yml"
    _create(target, api_text(api, kind, schema_line(target, schemas, "apis")))
    return target
