"""Crafted content in a real build, opened in Chromium: no script from the content runs.

The check refuses raw HTML and unsafe links in Markdown fields (tests/test_hostile.py), so
to test the second layer, the HTML sanitizer, these builds switch the check's Markdown part
off. A control build without the sanitizer shows that the payloads are live.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from tests.conftest import copy_site, serve

PROJECT = """\
name: <script>console.log("PAYLOAD name")</script>demo
repo: https://example.com/demo/demo-project
license: MIT
description: |
  A project made up for tests. <img src=x onerror="alert('PAYLOAD img')">
  <iframe src="javascript:alert('PAYLOAD iframe')"></iframe>
  <svg onload="alert('PAYLOAD svg')"></svg>
  [docs](javascript:alert('PAYLOAD link')) and [more](data:text/html,<script>alert(1)</script>)
  [hover](https://example.com){ onmouseover="alert('PAYLOAD attr')" style="position:fixed" }
links:
  "<img src=x onerror=alert('PAYLOAD label')>": https://example.com/docs
"""
API = """\
api: demo.signals.Signal
kind: class
summary: |
  A made-up API.

  <script>alert("PAYLOAD summary"); console.log("PAYLOAD summary")</script>
  <div style="background: red" onclick="alert('PAYLOAD div')">styled</div>
examples:
  - project: demo-project
    file: demo/signals.py
    ref: 0123456789abcdef0123456789abcdef01234567
    line: 1
    description: <b onmouseover="alert('PAYLOAD b')">note</b> <script>alert("PAYLOAD note")</script>
    code: |
      from demo.signals import Signal
      ready = Signal()  # </code></pre><script>alert("PAYLOAD snippet")</script>
      title = "{{ config.site_name }} {% if x %}"
      if title:
      \tindented = '<img src=x onerror=alert("PAYLOAD code")>'
""".replace("if title:", "if title:  ")  # trailing spaces are part of the snippet
SNIPPET = "\n".join(line[6:] for line in API.split("    code: |\n", 1)[1].splitlines())

# What the DOM of the article still holds that could run script or restyle the page.
LEFTOVERS = """() => {
  const article = document.querySelector("article");
  // the theme's own parts of the article (edit button, icons) are not content
  const all = [...article.querySelectorAll("*")].filter(e => !e.closest(".md-icon"));
  return {
    tags: all.map(e => e.tagName.toLowerCase())
      .filter(t => ["script", "iframe", "img", "svg", "style", "object", "embed"].includes(t)),
    handlers: all.flatMap(e => [...e.attributes].map(a => a.name))
      .filter(n => n.startsWith("on") || n === "style"),
    urls: [...article.querySelectorAll("[href], [src]")]
      .map(e => e.getAttribute("href") || e.getAttribute("src"))
      .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
  };
}"""


def build_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, sanitize: bool) -> Path:
    project = copy_site(tmp_path / "project")
    shutil.rmtree(project / "content" / "apis")
    shutil.rmtree(project / "content" / "projects")
    (project / "content" / "apis").mkdir()
    (project / "content" / "projects").mkdir()
    (project / "content" / "apis" / "demo.signals.Signal.yml").write_text(API)
    (project / "content" / "projects" / "demo-project.yml").write_text(PROJECT)
    monkeypatch.setattr("example_pages.content.load.markdown_issues_stored", lambda store, text: [])
    if not sanitize:
        monkeypatch.setattr("example_pages.engine.plugin.clean_html", lambda html: html)
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    return site


def visit(browser: Browser, url: str) -> tuple[list[str], list[str], dict[str, list[str]], str]:
    """Dialogs and payload console messages while the page loads and is hovered over."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    messages: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: messages.append(m.text) if "PAYLOAD" in m.text else None)
    page.goto(url, wait_until="load")
    for element in page.locator("article a, article b, article div").all()[:60]:
        element.dispatch_event("mouseover")
        if element.get_attribute("href") is None:
            element.dispatch_event("click")
    page.wait_for_timeout(300)
    leftovers = page.evaluate(LEFTOVERS)
    code = page.locator("article .highlight td.code code, article .highlight pre > code")
    text = (code.first.text_content() or "") if code.count() else ""
    context.close()
    return dialogs, messages, leftovers, text


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    site = build_site(tmp_path, monkeypatch, sanitize=True)
    with serve(site) as url:
        yield [f"{url}api/demo.signals.Signal/", f"{url}projects/demo-project/", url]


def test_no_script_from_content_runs(browser: Browser, pages: list[str]) -> None:
    api_page, *others = pages
    dialogs, messages, leftovers, code = visit(browser, api_page)
    assert (dialogs, messages) == ([], [])
    assert leftovers == {"tags": [], "handlers": [], "urls": []}
    assert code == SNIPPET + "\n"
    for url in others:
        dialogs, messages, leftovers, _ = visit(browser, url)
        assert (dialogs, messages, leftovers) == ([], [], {"tags": [], "handlers": [], "urls": []})


def test_payloads_run_without_the_sanitizer(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(tmp_path, monkeypatch, sanitize=False)
    with serve(site) as url:
        dialogs, messages, leftovers, code = visit(browser, f"{url}api/demo.signals.Signal/")
    assert "PAYLOAD summary" in dialogs
    assert "PAYLOAD summary" in messages
    assert "script" in leftovers["tags"]
    assert code == SNIPPET + "\n"
