"""Crafted content in a real build, opened in Chromium: no script from the content runs.

The check refuses raw HTML and unsafe links in Markdown fields (tests/test_hostile.py), so
to test the second layer, the HTML sanitizer, these builds switch the check's Markdown part
off. A control build without the sanitizer shows that the payloads are live.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from tests.conftest import copy_site, engine_build, serve

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
    monkeypatch.setattr(
        "example_pages.content.validate.markdown_issues_stored", lambda store, text: []
    )
    if not sanitize:
        monkeypatch.setattr("example_pages.engine.plugin.clean_page", lambda html: html)
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


# Zensical runs no plugin of ours, so no sanitizer: the pages `example-pages build --out` writes
# must be safe as they are. This content passes every check (nothing is switched off) and still
# tries what the checks let through: markup in names and labels, code spans, fences, link
# titles, autolinks and attribute lists with quotes, template syntax in a snippet.
CHECKED_PROJECT = """\
name: <script>console.log("PAYLOAD name")</script>demo
repo: https://example.com/demo/demo-project
license: MIT
description: |
  A made-up project, with `<img src=x onerror=alert("PAYLOAD code span")>` in code.
  An entity &lt;script&gt;alert("PAYLOAD entity")&lt;/script&gt; and a
  [link](https://example.com/"onmouseover="alert('PAYLOAD quote') "a \\"title\\" onmouseover=x").
  <https://example.com/"onmouseover="alert('PAYLOAD autolink')>
  Text with a title attribute.
  { title='" onmouseover="alert(&quot;PAYLOAD attr&quot;)' }
links:
  "<img src=x onerror=alert('PAYLOAD label')>": https://example.com/docs
"""
CHECKED_API = """\
api: django.dispatch.Signal
kind: class
summary: |
  A page of made-up examples: `<img src=x onerror=alert("PAYLOAD summary")>`.

  ```
  <img src=x onerror=alert("PAYLOAD fence")>
  ```
examples:
  - project: demo-project
    file: demo/signals.py
    ref: 0123456789abcdef0123456789abcdef01234567
    description: A note, `<b onmouseover="alert('PAYLOAD b')">` in code.
    code: |
      from django.dispatch import Signal
      ready = Signal()  # </code></pre><script>alert("PAYLOAD snippet")</script>
      title = "{{ config.site_name }} {% if x %}"
      markup = '<img src=x onerror=alert("PAYLOAD code")>'
"""


class _Scripted(HTMLParser):
    """Every place in an HTML file where a page could run script or load something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        if tag in ("iframe", "img", "object", "embed", "frame"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name.startswith("on") or (
                name in ("href", "src", "action", "formaction")
                and url.startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self.tag == "script" and "PAYLOAD" in data:
            self.found.append(f"<script>{data.strip()[:60]}")


def scripted(page: str) -> list[str]:
    parser = _Scripted()
    parser.feed(page)
    return parser.found


def test_the_scan_finds_script_handlers_and_urls() -> None:
    page = '<p onclick="x"><a href=" JavaScript:x">a</a><script>alert("PAYLOAD")</script><img>'
    assert scripted(page) == [
        "<p onclick='x'>",
        "<a href=' JavaScript:x'>",
        '<script>alert("PAYLOAD")',
        "<img>",
    ]


def test_zensical_build_of_checked_content_is_safe(browser: Browser, tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    for kind in ("apis", "projects"):
        shutil.rmtree(project / "content" / kind)
        (project / "content" / kind).mkdir()
    (project / "content" / "apis" / "django.dispatch.Signal.yml").write_text(CHECKED_API)
    (project / "content" / "projects" / "demo-project.yml").write_text(CHECKED_PROJECT)
    site = engine_build("zensical", project)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5
    assert {p.relative_to(site).as_posix(): scripted(p.read_text()) for p in pages} == {
        p.relative_to(site).as_posix(): [] for p in pages
    }
    with serve(site) as url:
        api_page, *others = [f"{url}api/django.dispatch.Signal/", f"{url}projects/demo-project/"]
        dialogs, messages, leftovers, fence = visit(browser, api_page)
        assert (dialogs, messages, leftovers) == ([], [], {"tags": [], "handlers": [], "urls": []})
        assert fence == '<img src=x onerror=alert("PAYLOAD fence")>\n'  # shown as text
        snippet = CHECKED_API.split("    code: |\n", 1)[1].replace("      ", "")
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(api_page)
        shown = tab.locator("article .highlight pre > code").all_text_contents()
        context.close()
        assert shown[-1] == snippet  # the snippet, as written, is text
        for page in others:
            dialogs, messages, leftovers, _ = visit(browser, page)
            assert (dialogs, messages) == ([], [])
            assert leftovers == {"tags": [], "handlers": [], "urls": []}
