"""`example-pages new`: start a project or API file that is valid, commented and editor-ready."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from generator import licenses
from generator.models import DOTTED_NAME, SLUG, WINDOWS_RESERVED, Kind
from generator.render import repo_name

KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*|https?://[^\s#'\"]+")


class ScaffoldError(Exception):
    """Raised by `generator.scaffold` for an id, name or option that cannot make a file."""


def schema_line(target: Path, schemas: Path, kind: str) -> str:
    """The `$schema` comment of a content file, relative to the file's folder."""
    relative = os.path.relpath(schemas / f"{kind}.schema.json", target.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, else double-quoted (JSON is YAML)."""
    if _PLAIN.fullmatch(text) and text.lower() not in ("true", "false", "null", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _entry(key: str, value: str, comment: str = "") -> str:
    line = f"{key}: {value}"
    return f"{line:<32}# {comment}\n" if comment else f"{line}\n"


def project_text(project_id: str, repo: str, license: str | None, schemas_line: str) -> str:
    name = repo_name(repo) or project_id
    spdx = licenses.normalize(license) if license else "TODO"
    return (
        schemas_line
        + _entry("name", _scalar(name), "as the project spells it")
        + _entry("repo", _scalar(repo))
        + _entry("license", _scalar(spdx), "SPDX expression, from the LICENSE file")
        + _entry("description", ">-", "one or two sentences in our own words (Markdown)")
        + f"  TODO: say what {name} does and who uses it.\n"
        + f"{'# links:':<32}# optional, label -> URL\n"
        + f"#   PyPI: https://pypi.org/project/{name}/\n"
    )


def api_text(api: str, kind: str, schemas_line: str) -> str:
    module, _, name = api.rpartition(".")
    where = f" from {module}" if module else ""
    return (
        schemas_line
        + _entry("api", api, "module and name; the file name matches it")
        + _entry("kind", kind, " | ".join(KINDS))
        + _entry("summary", ">-", "the introduction (Markdown)")
        + f"  TODO: what {name}{where} is for, in two or three sentences.\n"
        + f"# Add examples with `example-pages harvest <clone> --api {api} --project <id>`,\n"
        + "# or by hand: project, file, ref (commit SHA), line and code (verbatim).\n"
        + "examples: []\n"
    )


def _create(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{target.as_posix()} already exists; edit it, or remove it to start again"
        ) from None


def new_project(
    content: Path, project_id: str, repo: str, license: str | None, *, schemas: Path
) -> Path:
    """Write `content/projects/<id>.yml`; ScaffoldError if it exists or an option is bad."""
    if not SLUG.fullmatch(project_id) or WINDOWS_RESERVED.fullmatch(project_id):
        raise ScaffoldError(
            f"'{project_id}' cannot be a project id: use lowercase letters, digits, '.', '_' "
            "and '-', starting with a letter or digit, such as django-cors-headers"
        )
    if not repo.startswith(("https://", "http://")) or any(c in repo for c in " <>\"'"):
        raise ScaffoldError(f"'{repo}' is not an http(s) URL; write it as https://...")
    if license:
        try:
            licenses.normalize(license)
        except ValueError as e:
            raise ScaffoldError(str(e)) from None
    target = content / "projects" / f"{project_id}.yml"
    text = project_text(project_id, repo, license, schema_line(target, schemas, "project"))
    _create(target, text)
    return target


def new_api(content: Path, api: str, kind: str, *, schemas: Path) -> Path:
    """Write `content/apis/<api>.yml`; ScaffoldError if it exists or the name is bad."""
    if not DOTTED_NAME.fullmatch(api) or any(WINDOWS_RESERVED.fullmatch(p) for p in api.split(".")):
        raise ScaffoldError(
            f"'{api}' is not a dotted Python name; write the module path and the name, "
            "such as django.dispatch.Signal"
        )
    target = content / "apis" / f"{api}.yml"
    _create(target, api_text(api, kind, schema_line(target, schemas, "api")))
    return target


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "new",
        help="start a project or API file",
        description="Write a new, valid and commented content file; never overwrites.",
    )
    kinds = parser.add_subparsers(dest="what", required=True)
    project = kinds.add_parser("project", help="content/projects/<id>.yml")
    project.add_argument("id", help="the project's id, such as django-cors-headers")
    project.add_argument("--repo", required=True, help="repository URL, https://...")
    project.add_argument("--license", help="SPDX expression from its LICENSE file, such as MIT")
    api = kinds.add_parser("api", help="content/apis/<dotted.name>.yml")
    api.add_argument("api", help="dotted name, such as django.dispatch.Signal")
    api.add_argument("--kind", required=True, choices=KINDS, help="what the API is")
    for sub in (project, api):
        sub.add_argument("--content", type=Path, default=Path("content"), help="content folder")
        sub.add_argument(
            "--schemas", type=Path, default=Path("schemas"), help="editor schemas folder"
        )
        sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.what == "project":
            target = new_project(
                args.content, args.id, args.repo, args.license, schemas=args.schemas
            )
        else:
            target = new_api(args.content, args.api, args.kind, schemas=args.schemas)
    except ScaffoldError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"cannot write {e.filename}: {e.strerror}", file=sys.stderr)
        return 1
    todo = "replace the TODO"
    if args.what == "project" and not args.license:
        todo = "set `license` and replace the TODO"
    print(f"Wrote {target.as_posix()}: {todo}, then run `example-pages check`.")
    if not (args.schemas / f"{args.what}.schema.json").is_file():
        print(
            f"Editors find no schema at {args.schemas.as_posix()}/; "
            "write it with `example-pages schema`."
        )
    return 0
