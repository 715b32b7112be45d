"""Live preview: `mkdocs serve --livereload` shows an edit to an example's YAML in the open page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, copy_site
from tests.e2e.serving import LIVE, SIGNAL, page_text, serving, start, stop, wait_until_served


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full", "dirty"])
def test_editing_the_yaml_updates_the_open_page(
    browser: Browser, tmp_path: Path, mode: list[str]
) -> None:
    project = copy_site(tmp_path / "project")
    api = project / "content" / "apis" / "django.dispatch.Signal.yml"
    log = tmp_path / "serve.log"
    server, base = start(project, log, "--livereload", *mode)
    try:
        url = base + SIGNAL
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


def test_a_template_added_while_serving_overrides_the_default(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    templates = project / "templates"
    templates.mkdir()
    (templates / "README.txt").write_text("The site's own templates.\n")
    log = tmp_path / "serve.log"
    with serving(project, log, *LIVE) as base:
        url = base + SIGNAL
        default = (ROOT / "templates" / "api.md.j2").read_text()
        for marker in ("Overridden while serving.", "Overridden again."):
            (templates / "api.md.j2").write_text(default + f"\n{marker}\n")
            deadline = time.monotonic() + 60
            while marker not in page_text(url):
                assert time.monotonic() < deadline, f"{marker!r} never shown:\n{log.read_text()}"
                time.sleep(0.2)
