"""The default site in Debian's Chromium, served under a sub-path by a plain static server.

Every test also checks what the reader's browser did: no console error, no failed request,
no request to any host but the local server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from example_pages.checks.snippets import snippet_lines
from example_pages.content.entries import Site
from example_pages.content.load import load_site
from tests.conftest import ENGINES, ROOT, STARTER_CONTENT, serve

ARTIFACTS = ROOT / "tests" / "artifacts"
SIGNAL = "api/django.dispatch.Signal/"

# For each highlighted line: is it on screen, and how does it stand out from the code block?
HIGHLIGHTS = """() => [...document.querySelectorAll("article .highlight")].map(block => {
  const code = getComputedStyle(block.querySelector("pre > code")).backgroundColor;
  return [...block.querySelectorAll(".hll")].map(line => {
    const box = line.getBoundingClientRect();
    const style = getComputedStyle(line);
    return {
      text: line.textContent.trim(),
      shown: box.width > 0 && box.height > 0 && style.visibility === "visible",
      background: style.backgroundColor,
      code: code,
      edge: style.boxShadow,
    };
  });
})"""


@pytest.fixture(scope="module")
def content() -> Site:
    return load_site(STARTER_CONTENT, root=STARTER_CONTENT.parent)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def base_url(engine: str, engine_site: Callable[[str], Path]) -> Iterator[str]:
    with serve(engine_site(engine)) as url:
        yield url


# Zensical 0.0.73's client sometimes asks for its search worker at the server's root instead of
# under the site's address, after instant navigation (a request outside /docs/, so a 404 from
# our server). It is Zensical's own script at a path outside the site; the search test below
# checks that search works.
ZENSICAL_WORKER = re.compile(r"^/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


@pytest.fixture
def page(browser: Browser, base_url: str, engine: str) -> Iterator[Page]:
    origin = urlsplit(base_url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=f"{origin.scheme}://{origin.netloc}"
    )
    tab = context.new_page()
    problems: list[str] = []

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != origin.netloc:
            problems.append(f"request to another host: {request.url}")

    tab.on("request", on_request)

    def on_failed(request: Any) -> None:
        # A request the page itself gave up on as it moved on is not a failure.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"failed: {request.url} ({request.failure})")

    tab.on("requestfailed", on_failed)
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    yield tab
    seen = list(problems)
    context.close()
    if engine == "zensical":
        seen = [p for p in seen if not ZENSICAL_WORKER.match(urlsplit(p.split(" ")[1]).path)]
    assert seen == []


def heading(text: str) -> re.Pattern[str]:
    """A heading's text: `text`, then the permalink's mark."""
    return re.compile("^" + re.escape(text) + "¶?$")


def rgb(color: str) -> tuple[float, ...]:
    return tuple(float(v) for v in color[color.index("(") + 1 : -1].split(",")[:3])


def assert_highlights_visible(page: Page, site: Site) -> None:
    blocks = page.evaluate(HIGHLIGHTS)
    api = next(a for a in site.apis if a.api == "django.dispatch.Signal")
    assert [len(lines) for lines in blocks] == [len(e.highlight) for e in api.examples]
    for example, lines in zip(api.examples, blocks, strict=True):
        code = snippet_lines(example.model.code)
        assert [line["text"] for line in lines] == [code[n - 1].strip() for n in example.highlight]
        for line in lines:
            assert line["shown"], line
            pairs = zip(rgb(line["background"]), rgb(line["code"]), strict=True)
            assert sum((a - b) ** 2 for a, b in pairs) ** 0.5 >= 40, line  # differs at a glance
            assert re.search(r"\) [1-9][\d.]*px 0px 0px 0px inset$", line["edge"]), line  # a bar


def to_dark(page: Page) -> None:
    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function(
        "document.body.dataset.mdColorScheme === 'slate' && document.getAnimations().length === 0"
    )


def test_signal_page_shows_six_examples_in_order(
    page: Page, base_url: str, engine: str, content: Site
) -> None:
    page.goto(base_url + SIGNAL)
    api = next(a for a in content.apis if a.api == "django.dispatch.Signal")
    headings = page.locator("article h2[id^=example-]")
    expect(headings).to_have_text(
        [heading(f"Example {e.number} from {e.project.model.name}") for e in api.examples]
    )
    assert len(api.examples) == 6
    assert_highlights_visible(page, content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"api-light-{engine}.png", full_page=True)


def test_copy_button_copies_exactly_the_snippet(page: Page, base_url: str, content: Site) -> None:
    page.goto(base_url + SIGNAL)
    api = next(a for a in content.apis if a.api == "django.dispatch.Signal")
    blocks = page.locator("article .highlight")
    for index, example in enumerate(api.examples):
        blocks.nth(index).hover()
        blocks.nth(index).get_by_role("button", name="Copy to clipboard").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == "\n".join(snippet_lines(example.model.code)), example.project.id


def test_search_finds_the_signal_page(page: Page, base_url: str, engine: str) -> None:
    page.goto(base_url)
    if engine == "zensical":
        # Zensical's own search: a button in the header opens a dialog (in a shadow root,
        # which locators see into) with a combobox and a list of options.
        page.get_by_role("button", name="Search").click()
        search = page.get_by_role("combobox", name="Search")
        expect(search).to_be_focused()
        search.press_sequentially("cors")
        found = re.compile(r"^[1-9]\d* results?$")
        expect(page.locator("dialog [role=status]")).to_have_text(found)
        result = page.locator(f"a[role=option][href*='{SIGNAL}']").first
    else:
        search = page.get_by_role("textbox", name="Search")
        search.click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
        search.press_sequentially("cors")
        result = page.locator(f"a.md-search-result__link[href*='{SIGNAL}']").first
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("h1")).to_have_text(heading("django.dispatch Signal Example Code"))


def back(page: Page) -> None:
    """The browser's back button, once the last page's instant navigation has settled (a back
    pressed while it still fetches can be lost under load)."""
    page.wait_for_load_state("networkidle")
    page.go_back()


def test_nav_to_a_project_page_and_back(page: Page, base_url: str) -> None:
    page.goto(base_url + SIGNAL)
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Projects").click()
    expect(page.locator("h1")).to_have_text(heading("Projects"))
    page.locator("article").get_by_role("link", name="viewflow").click()
    expect(page.locator("h1")).to_have_text(heading("viewflow"))
    assert page.url == base_url + "projects/viewflow/"
    page.locator("article").get_by_role("link", name="Example 4").click()
    expect(page.locator("#example-4")).to_be_in_viewport()
    assert page.url == base_url + SIGNAL + "#example-4"
    back(page)
    expect(page.locator("h1")).to_have_text(heading("viewflow"))
    back(page)
    expect(page.locator("h1")).to_have_text(heading("Projects"))
    back(page)
    expect(page.locator("h1")).to_have_text(heading("django.dispatch Signal Example Code"))
    # and from an example to its project
    page.locator("#example-4 ~ p").get_by_role("link", name="viewflow").first.click()
    expect(page.locator("h1")).to_have_text(heading("viewflow"))


def test_dark_mode_keeps_highlights_visible(
    page: Page, base_url: str, engine: str, content: Site
) -> None:
    page.goto(base_url + SIGNAL)
    to_dark(page)
    assert_highlights_visible(page, content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"api-dark-{engine}.png", full_page=True)
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_title("Switch to light mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "libraries/django/", SIGNAL, "projects/viewflow/"])
def test_no_serious_accessibility_violations(
    page: Page, base_url: str, path: str, scheme: str
) -> None:
    page.goto(base_url + path)
    if scheme == "dark":
        to_dark(page)
    results = Axe().run(page)
    serious = [
        (v["id"], [node["target"] for node in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_old_address_leads_to_the_page(page: Page, base_url: str) -> None:
    # mkdocs-redirects on MkDocs and ProperDocs, Zensical's own redirects on Zensical
    page.goto(base_url + "django-dispatch-signal-examples/")
    expect(page.locator("h1")).to_have_text(heading("django.dispatch Signal Example Code"))
    assert page.url == base_url + SIGNAL


def test_edit_link_points_at_the_yaml_where_the_plugin_runs(
    page: Page, base_url: str, engine: str
) -> None:
    page.goto(base_url + SIGNAL)
    edit = page.locator("article a[rel=edit]")
    if engine == "zensical":
        # The pages are generated into build/docs, which is not in git: no edit link.
        expect(edit).to_have_count(0)
    else:
        yaml = "https://github.com/example-pages/example-pages/edit/main/content/apis/"
        expect(edit).to_have_attribute("href", yaml + "django.dispatch.Signal.yml")


def test_sitemap_lists_every_page(engine: str, engine_site: Callable[[str], Path]) -> None:
    site = engine_site(engine)
    tree = ElementTree.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.findall(".//s:loc", ns)}
    folders = [p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")]
    pages = {
        "https://example.org/docs/" + ("" if folder == "." else folder + "/")
        for folder in folders
        if folder != "django-dispatch-signal-examples"
    }
    assert len(pages) == 10
    assert urls == pages
