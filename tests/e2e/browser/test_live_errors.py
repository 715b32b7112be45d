"""Live preview of broken content: every mistake is printed and shown on the page, every time."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.conftest import copy_site
from tests.e2e.serving import LIVE, SIGNAL, serving

TYPO = (
    "content/apis/django.dispatch.Signal.yml:16:5: example 1 (django-simple-history): "
    "unknown key 'lien'; did you mean 'line'?"
)
SUMMARY = "1 content error; every page of the preview lists it until it is fixed."


def wait_for_log(log: Path, text: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while log.read_text().count(text) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert log.read_text().count(text) == count, log.read_text()


def test_a_mistake_made_twice_is_printed_and_shown_twice(browser: Browser, tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    api = project / "content" / "apis" / "django.dispatch.Signal.yml"
    good = api.read_text()
    assert good.splitlines()[15] == "    line: 1"
    broken = good.replace("    line: 1\n", "    lien: 1\n", 1)
    log = tmp_path / "serve.log"
    with serving(project, log, *LIVE) as url:
        page = browser.new_page()
        page.goto(url + SIGNAL)
        problems = page.locator("#xp-problems")
        heading = page.locator("h1", has_text="django.dispatch Signal Example Code")
        expect(heading).to_have_count(1)
        expect(problems).to_have_count(0)
        for made in (1, 2):
            api.write_text(broken)
            wait_for_log(log, f"ERROR   -  example_pages: {TYPO}", made)
            wait_for_log(log, f"ERROR   -  example_pages: {SUMMARY}", made)
            # the open page reloads by itself and lists the problem above the last good page
            expect(problems).to_contain_text(TYPO)
            expect(problems.locator("code")).to_have_text(
                ["content/apis/django.dispatch.Signal.yml:16:5"]
            )
            expect(problems.locator(".admonition-title")).to_have_text(
                "The content has 1 error; fix it and this page reloads."
            )
            expect(heading).to_have_count(1)
            api.write_text(good)
            expect(problems).to_have_count(0, timeout=30_000)
            expect(heading).to_have_count(1)
        # any other address of the preview says it too, and so does a page not generated
        api.write_text(broken)
        expect(problems).to_have_count(1, timeout=30_000)
        for address in ("", "no/such/page/"):
            other = browser.new_page()
            other.goto(url + address)
            expect(other.locator("#xp-problems")).to_contain_text(TYPO.split(": ", 1)[1])
            other.close()
        page.close()
    text = log.read_text()
    assert "A 'dirty' build is being performed" not in text
    assert "Aborted" not in text


def test_a_deleted_page_is_no_longer_served(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    api = project / "content" / "apis" / "django.dispatch.Signal.yml"
    log = tmp_path / "serve.log"
    with serving(project, log, *LIVE) as url:
        api.unlink()
        deadline = time.monotonic() + 30
        status = 200
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.3)
            status = _status(url + SIGNAL)
        assert status == 404, log.read_text()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return e.code
