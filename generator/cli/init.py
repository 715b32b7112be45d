"""`example-pages init [DIR]`: start a new site, like `mkdocs new`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring.init import InitError, init_site
from ..authoring.requirement import installed_requirement
from ..errors import write_failure
from ..wording import plural


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "init",
        help="start a new site in a folder",
        description="Write mkdocs.yml, content/ with one API page and its six projects, "
        "editor schemas, a .gitignore, a GitHub Pages workflow and a README; never overwrites.",
    )
    parser.add_argument("dir", type=Path, nargs="?", default=Path("."), help="default: here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    requirement = installed_requirement()
    try:
        written = init_site(args.dir, requirement=requirement.line)
    except InitError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(write_failure(e), file=sys.stderr)
        return 1
    where = args.dir.as_posix()
    go = "" if where == "." else f"cd {where}\n  "
    print(
        f"Wrote {plural(len(written), 'file')} to {where}/. Next:\n"
        f"  {go}mkdocs serve          # preview, reloading as you edit content/\n"
        "  example-pages check   # every content problem, located\n"
        "  mkdocs build --strict # the site, in site/"
    )
    if requirement.warning:
        print(requirement.warning, file=sys.stderr)
    return 0
