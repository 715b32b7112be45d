"""`example-pages zensical build|serve`: the site with Zensical, which runs no MkDocs plugin.

The pages (and their nav) go to the config's `docs_dir` and the packaged theme overrides to
its `theme.custom_dir`, then Zensical renders them: what `pip install "example-pages[zensical]"`
provides is all it needs. `serve` keeps rewriting the pages as the content changes while
`zensical serve` previews them.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from ..cache import FOLDER
from ..errors import escape
from ..settings import Settings
from .options import content_options, templates_option


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "zensical",
        help="build or preview the site with Zensical",
        description="Write the pages to zensical.toml's docs_dir and the theme overrides to its "
        'theme.custom_dir, then run Zensical (pip install "example-pages[zensical]").',
    )
    actions = parser.add_subparsers(dest="action", required=True)
    build = actions.add_parser("build", help="the static site, strictly (any warning fails)")
    serve = actions.add_parser("serve", help="a live preview that follows the content")
    serve.add_argument(
        "-a", "--dev-addr", metavar="IP:PORT", help="address to serve at (Zensical's default)"
    )
    for action in (build, serve):
        content_options(action)
        action.add_argument(
            "-f",
            "--config-file",
            type=Path,
            default=Path("zensical.toml"),
            help="Zensical's config (default: zensical.toml)",
        )
        templates_option(action)
    parser.set_defaults(run=run)


def folders(config: Path) -> tuple[Path, Path | None]:
    """The pages' folder (`docs_dir`) and the theme's (`theme.custom_dir`) of a Zensical config,
    relative to the config's folder. Raises ValueError with a message that names the config."""
    where = escape(config.as_posix())
    try:
        project = tomllib.loads(config.read_text(encoding="utf-8")).get("project", {})
    except OSError as e:
        raise ValueError(f"{where}: cannot read it: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{where}: not valid TOML: {e}") from None
    docs_dir = project.get("docs_dir", "docs")
    theme = project.get("theme", {})
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    for key, value in (("docs_dir", docs_dir), ("theme.custom_dir", custom_dir)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{where}: project.{key} must be a folder name")
    base = config.parent
    return base / docs_dir, None if custom_dir is None else base / custom_dir


def run(args: argparse.Namespace) -> int:
    from .build import build_once
    from .watch import watch

    if importlib.util.find_spec("zensical") is None:
        print(
            'Zensical is not installed here: pip install "example-pages[zensical]"',
            file=sys.stderr,
        )
        return 1
    try:
        args.out, args.theme = folders(args.config_file)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 1
    settings = Settings(
        python_version=args.python_version,
        snippet_errors=args.snippet_errors,
        cache=None if args.no_cache else Path.cwd() / FOLDER,
    )
    if build_once(args, settings) != 0:
        return 1
    command = [sys.executable, "-m", "zensical", args.action, "-f", str(args.config_file)]
    if args.action == "build":
        return subprocess.run([*command, "--strict"]).returncode
    if args.dev_addr:
        command += ["-a", args.dev_addr]
    preview = subprocess.Popen(command)
    # A stop request (SIGTERM from a supervisor or a test) ends the preview too, like Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watch(args, settings, keep_going=lambda: preview.poll() is None)
    finally:
        if preview.poll() is None:
            preview.terminate()
            try:
                preview.wait(timeout=10)
            except subprocess.TimeoutExpired:
                preview.kill()
    return preview.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
