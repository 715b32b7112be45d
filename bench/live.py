"""Live-edit latency: from saving a changed example YAML to plain `mkdocs serve` (or
`properdocs serve`), as `init` tells authors to run it, returning the page with the change."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from bench.measure import ENV
from bench.sites import read_config, setting

# A comment line inside a snippet's block scalar (not an elision line `# ...`).
COMMENT = re.compile(r"^( {6,})# (?!\.\.\.)\S.*$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def pick_page(content: Path, apis: tuple[str, ...]) -> str:
    """An API from the middle of the list whose YAML has a comment line to change."""
    middle = len(apis) // 2
    for api in [*apis[middle:], *apis[:middle]]:
        if COMMENT.search((content / "apis" / f"{api}.yml").read_text()):
            return api
    raise RuntimeError("no example YAML has a comment line to edit")


def edit_comment(path: Path, token: str) -> str:
    """Change the first comment line of a snippet in `path` to `token`; return the old text."""
    text = path.read_text()
    match = COMMENT.search(text)
    assert match is not None
    path.write_text(f"{text[: match.start()]}{match.group(1)}# {token}{text[match.end() :]}")
    return text


ENGINES = ("mkdocs", "properdocs")


def live_edit(
    project: Path,
    api: str,
    *,
    engine: str = "mkdocs",
    repeat: int = 3,
    startup: float = 1200,
    timeout: float = 300,
) -> list[float]:
    """Seconds from each saved edit of `api`'s YAML to the page `engine serve` returns
    showing it."""
    port = free_port()
    base = urlsplit(setting(read_config(project / "mkdocs.yml"), "site_url", "/")).path or "/"
    url = f"http://127.0.0.1:{port}{base.rstrip('/')}/api/{api}/"
    path = project / "content" / "apis" / f"{api}.yml"
    command = [sys.executable, "-m", engine, "serve", "-f", "mkdocs.yml"]
    command += ["-a", f"127.0.0.1:{port}"]
    latencies: list[float] = []
    original = path.read_text()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=project, env=ENV, stdout=log, stderr=log)
        try:
            _wait(server, log, url, "", startup)
            for number in range(repeat):
                token = f"edited_{number}_{time.time_ns()}"
                edit_comment(path, token)
                start = time.perf_counter()
                _wait(server, log, url, token, timeout)
                latencies.append(time.perf_counter() - start)
                time.sleep(0.5)
        finally:
            path.write_text(original)
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return latencies


def _wait(
    server: subprocess.Popen[bytes],
    log: IO[bytes],
    url: str,
    expect: str,
    limit: float,
) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"mkdocs serve stopped: {' / '.join(tail)}")
        page = fetch(url)
        if page is not None and expect in page:
            return
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show the change within {limit:.0f} s")
