"""`example-pages new project|api`: start a valid, commented, editor-ready content file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring.scaffold import KINDS, ScaffoldError, new_api, new_project
from ..content.placeholders import MARKER
from ..errors import write_failure


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
        print(write_failure(e), file=sys.stderr)
        return 1
    todo = f"replace each {MARKER} placeholder"
    print(f"Wrote {target.as_posix()}: {todo}, then run `example-pages check`.")
    if not (args.schemas / f"{args.what}.schema.json").is_file():
        print(
            f"Editors find no schema at {args.schemas.as_posix()}/; "
            "write it with `example-pages schema`."
        )
    return 0
