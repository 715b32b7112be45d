"""Shared fixtures: a copy of the default site, real builds, a static server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from example_pages.authoring.init import init_site

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
"""The tests' own data: cases, golden files and the test site's config."""
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SITE_CONFIG = ROOT / "tests" / "site" / "mkdocs.yml"
"""The test site's config: the starter's content published under /docs/, with edit links and
a redirect. Tests never read the repository's own content/ or mkdocs.yml, which the site's
maintainers change."""
STARTER_CONTENT = ROOT / "tests" / "site" / "content"
"""The starter's content as the tests know it: `init` writes the repository's content/, which
grows with the site, so the tests keep their own copy of the six projects and one API page."""


def copy_site(target: Path) -> Path:
    """A new site (`example-pages init`) with the test config and content, to edit in a test."""
    init_site(target, requirement="example-pages")
    shutil.rmtree(target / "content")
    shutil.copytree(STARTER_CONTENT, target / "content")
    shutil.copy(SITE_CONFIG, target / "mkdocs.yml")
    return target


def plugin_options(project: Path, *options: str) -> None:
    """Add `options` (lines such as "workers: 0") to the example-pages plugin's settings."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    lines = "".join(f"      {option}\n" for option in options)
    config.write_text(text.replace("  - example-pages:\n", f"  - example-pages:\n{lines}", 1))


def verbose_build(
    project: Path, site_dir: Path, engine: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    """A real `build --strict -v` with `engine` (mkdocs or properdocs), as a separate process."""
    command = [sys.executable, "-m", engine, "build", "--strict", "-v", "-d", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


def file_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def mkdocs_build(
    project: Path, site_dir: Path, *, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of `project` into `site_dir` as a separate process."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "project")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site built once per session with `mkdocs build --strict`."""
    project = copy_site(tmp_path_factory.mktemp("default") / "project")
    site_dir = project / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


ENGINES = ("mkdocs", "properdocs", "zensical")
"""The engines every reader check runs against: the plugin in MkDocs and in ProperDocs, and
Zensical building the pages `example-pages build --out` writes."""
ZENSICAL_CONFIG = ROOT / "tests" / "site" / "zensical.toml"


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)


def engine_build(engine: str, project: Path) -> Path:
    """Build the site in `project` with `engine`, strictly; return the built site's folder."""
    site_dir = project / "site"
    if engine == "mkdocs":
        result = mkdocs_build(project, site_dir)
    elif engine == "properdocs":
        command = ["build", "-q", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)]
        result = _run([sys.executable, "-m", "properdocs", *command], project)
    else:
        out = ["--out", "build/docs", "--theme", "build/overrides"]
        result = _run([sys.executable, "-m", "example_pages", "build", *out], project)
        assert result.returncode == 0, result.stderr
        shutil.copy(ZENSICAL_CONFIG, project / "zensical.toml")
        command = ["build", "--strict", "-f", "zensical.toml"]
        result = _run([sys.executable, "-m", "zensical", *command], project)
        site_dir = project / "build" / "site"
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def engine_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The test site built by an engine (once per session each): `engine_site("zensical")`."""
    built: dict[str, Path] = {}

    def site(engine: str) -> Path:
        if engine not in built:
            project = copy_site(tmp_path_factory.mktemp(engine) / "project")
            built[engine] = engine_build(engine, project)
        return built[engine]

    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, mount: str = "/docs/") -> Iterator[str]:
    """Serve `folder` under `mount` with a plain static server; yields the base URL."""
    root = folder.parent / f"_served_{folder.name}"
    if root.exists():
        shutil.rmtree(root)
    mounted = root / mount.strip("/")
    mounted.parent.mkdir(parents=True, exist_ok=True)
    mounted.symlink_to(folder.resolve(), target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. Missing Chromium fails, never skips."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/setup --test"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
