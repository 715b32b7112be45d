"""Live preview: `mkdocs serve --livereload` shows an edit to an example's YAML in the open page."""

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

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, copy_site

SIGNAL = "api/django.dispatch.Signal/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_served(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, f"mkdocs serve exited:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"mkdocs serve did not serve {url}:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """End a `mkdocs serve` started by a test, killing it if it does not stop."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def serving(project: Path, log: Path) -> Iterator[str]:
    """`mkdocs serve --livereload --dirty` as scripts/serve runs it; yields the site's URL."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
    command += ["-a", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=project, stdout=output, stderr=output, env=env)
    try:
        url = f"http://127.0.0.1:{port}/docs/"
        wait_until_served(url + SIGNAL, server, log)
        yield url
    finally:
        stop(server)


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full", "dirty"])
def test_editing_the_yaml_updates_the_open_page(
    browser: Browser, tmp_path: Path, mode: list[str]
) -> None:
    project = copy_site(tmp_path / "project")
    api = project / "content" / "apis" / "django.dispatch.Signal.yml"
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", *mode]
    command += ["-a", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=project, stdout=output, stderr=output, env=env)
    try:
        url = f"http://127.0.0.1:{port}/docs/{SIGNAL}"
        wait_until_served(url, server, log)
        page = browser.new_page()
        page.goto(url)
        note = "A note added while the page was open."
        example = page.locator("#example-4 ~ p").filter(has_text=note)
        expect(example).to_have_count(0)

        text = api.read_text()
        marker = "  - project: viewflow\n"
        assert marker in text
        api.write_text(text.replace(marker, f"{marker}    description: {note}\n"))

        expect(example).to_have_count(1, timeout=30_000)  # no reload but the live-reload one
        # a second edit of the same page, which a dirty rebuild must not skip
        api.write_text(api.read_text().replace(note, note + " Edited again."))
        expect(example.filter(has_text="Edited again.")).to_have_count(1, timeout=30_000)
        page.close()
    finally:
        stop(server)


def _page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def test_a_template_added_while_serving_overrides_the_default(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    templates = project / "templates"
    templates.mkdir()
    (templates / "README.txt").write_text("The site's own templates.\n")
    log = tmp_path / "serve.log"
    with serving(project, log) as base:
        url = base + SIGNAL
        default = (ROOT / "templates" / "api.md.j2").read_text()
        for marker in ("Overridden while serving.", "Overridden again."):
            (templates / "api.md.j2").write_text(default + f"\n{marker}\n")
            deadline = time.monotonic() + 60
            while marker not in _page_text(url):
                assert time.monotonic() < deadline, f"{marker!r} never shown:\n{log.read_text()}"
                time.sleep(0.2)
