"""`mkdocs serve` never publishes what `mkdocs build` refuses: links out of the project above all.

Each test runs a real `mkdocs serve` and fetches over HTTP every address a link could be
served at, before and after the links appear, and looks for an outside file's secret.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_site
from tests.e2e.serving import serving

SECRET = "outside-secret-7f3a9c"
REFUSED = "symbolic links are not allowed in the content folder"
# Each address a link below could be published at, and pages that could quote one.
ADDRESSES = (
    "",
    "diagram.png",
    "shots/notes.txt",
    "shots/",
    "howto/",
    "howto.md",
    "404.html",
    "favicon.ico",
    "no-such-page/",
    "widget.html",
    "chart.svg",
)


def _fetch(url: str) -> bytes:
    """The body of `url`, for an error status too (the 404 page is content as well)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as e:
        return bytes(e.read())


def _outside(tmp_path: Path) -> Path:
    """A folder beside the project holding a private file, as a home folder would."""
    private = tmp_path / "private"
    private.mkdir()
    (private / "notes.txt").write_text(f"{SECRET}\n")
    (private / "key.png").write_text(f"{SECRET}\n")
    return private


def _link_out(content: Path, private: Path) -> None:
    """What a pull request could add: links to a file, a folder, a page, the 404 page and the
    icon, and a page and an image that hold script."""
    (content / "diagram.png").symlink_to(private / "key.png")
    (content / "shots").symlink_to(private, target_is_directory=True)
    (content / "howto.md").symlink_to(private / "notes.txt")
    (content / "404.html").symlink_to(private / "notes.txt")
    (content / "favicon.ico").symlink_to(private / "key.png")
    # and files the checks refuse for what they are, not where they point
    (content / "widget.html").write_text(f"<script>{SECRET}</script>\n")
    (content / "chart.svg").write_text(f"<svg><script>{SECRET}</script></svg>\n")


def _assert_nothing_leaks(url: str, log: Path) -> None:
    # the theme's own files are still served
    script = re.search(
        r'src="(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"', _fetch(url).decode()
    )
    assert script is not None
    with urllib.request.urlopen(url + script[1], timeout=30) as response:
        assert response.status == 200
    for address in ADDRESSES:
        body = _fetch(url + address)
        assert SECRET.encode() not in body, f"{address} served what the build refuses"
    assert SECRET not in log.read_text()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_links_present_at_start_are_never_served(tmp_path: Path, engine: str) -> None:
    project = copy_site(tmp_path / "site")
    _link_out(project / "content", _outside(tmp_path))
    log = tmp_path / "serve.log"
    with serving(project, log, engine=engine, ready="", seconds=180) as url:
        assert REFUSED in log.read_text()
        _assert_nothing_leaks(url, log)


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full", "dirty"])
def test_links_added_while_serving_are_never_served(tmp_path: Path, mode: list[str]) -> None:
    project = copy_site(tmp_path / "site")
    private = _outside(tmp_path)
    log = tmp_path / "serve.log"
    with serving(project, log, "--livereload", *mode, ready="", seconds=180) as url:
        _assert_nothing_leaks(url, log)
        _link_out(project / "content", private)
        deadline = time.monotonic() + 120
        while REFUSED not in log.read_text():
            assert time.monotonic() < deadline, f"no rebuild noticed the links:\n{log.read_text()}"
            time.sleep(0.3)
        _assert_nothing_leaks(url, log)
