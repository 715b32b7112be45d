"""`mkdocs serve` (or `properdocs serve`) run by a test: started on a free port, waited for,
stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIGNAL = "api/django.dispatch.Signal/"
LIVE = ("--livereload", "--dirty")
"""MkDocs' own `--dirty` beside live reload, which sites may still pass: the plugin keeps it."""
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_served(
    url: str, server: subprocess.Popen[bytes], log: Path, *, seconds: float = 120
) -> None:
    """Wait until `url` answers 200; fail with the server's log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"the server did not serve {url}:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """End a server started by a test, killing it if it does not stop."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def start(
    project: Path,
    log: Path,
    *options: str,
    engine: str = "mkdocs",
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """`<engine> serve <options>` of `project` on a free port; the process and the site's URL."""
    port = free_port()
    command = [sys.executable, "-m", engine, "serve", *options, "-f", "mkdocs.yml"]
    command += ["-a", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=project,
            stdout=output,
            stderr=output,
            env={**os.environ, **QUIET, **(env or {})},
        )
    return server, f"http://127.0.0.1:{port}/docs/"


@contextmanager
def serving(
    project: Path,
    log: Path,
    *options: str,
    engine: str = "mkdocs",
    ready: str = SIGNAL,
    seconds: float = 120,
) -> Iterator[str]:
    """`<engine> serve <options>` of `project` until the block ends; yields the site's URL
    once `ready` (an address under it) is served."""
    server, url = start(project, log, *options, engine=engine)
    try:
        wait_until_served(url + ready, server, log, seconds=seconds)
        yield url
    finally:
        stop(server)


def page_text(url: str) -> str:
    """The page at `url`, or "" while it cannot be had."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""
