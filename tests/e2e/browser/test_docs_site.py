"""The documentation site, built strictly from docs/ and walked in Debian's Chromium.

Every page is reached from the home page by following links; each loads without a console
error or failed request, and every link inside the site leads to a page that exists, at an
anchor that exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser

from tests.conftest import ROOT, serve

DOCS_CONFIG = ROOT / "docs" / "mkdocs.yml"
REFERENCE = ("reference/cli/", "reference/plugin-options/", "reference/content-fields/",
             "reference/errors/")  # fmt: skip


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("docs") / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(DOCS_CONFIG)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [*command, "-d", str(site_dir)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    # -q would hide warnings from --strict (MkDocs 1.6.1), so the log is read instead
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


def test_every_page_loads_and_every_internal_link_resolves(
    docs_site: Path, browser: Browser
) -> None:
    # under a sub-path, as on GitHub Pages, so that a link from the server's root fails
    with serve(docs_site, "/docs/") as base:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        # a request the page itself gave up on as the walk moved on is not a failure
        page.on(
            "requestfailed",
            lambda r: (
                problems.append(f"failed: {r.url} ({r.failure})")
                if r.failure != "net::ERR_ABORTED"
                else None
            ),
        )
        page.on(
            "response",
            lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
        )
        host = urlsplit(base).netloc
        page.on(
            "request",
            lambda r: (
                problems.append(f"another host: {r.url}")
                if urlsplit(r.url).netloc != host
                else None
            ),
        )
        ids: dict[str, set[str]] = {}
        links: list[tuple[str, str]] = []
        queue, seen = [base], {base}
        while queue:
            url = queue.pop()
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            assert not problems, (url, problems)
            ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            for href in hrefs:
                if urlsplit(href).netloc != urlsplit(base).netloc:
                    continue
                target, _ = urldefrag(href)
                links.append((url, href))
                if target.endswith("/") and target not in seen:
                    seen.add(target)
                    queue.append(target)
        for source, href in links:
            target, anchor = urldefrag(href)
            if target not in ids:
                response = page.request.get(target)
                assert response.status == 200, f"{source} links to {href}: {response.status}"
                continue
            assert not anchor or anchor in ids[target], f"{source} links to a missing {href}"
        page.close()
    pages = {urlsplit(u).path.removeprefix("/docs/") for u in ids}
    assert {"", "tutorial/", *REFERENCE} <= pages
    built = {
        f"{p.parent.relative_to(docs_site).as_posix()}/".removeprefix("./")
        for p in docs_site.rglob("index.html")
    }
    assert built <= pages, f"pages no link reaches: {sorted(built - pages)}"
    assert len(pages) > 20


def test_the_generated_reference_is_in_the_built_site(docs_site: Path) -> None:
    cli = (docs_site / "reference" / "cli" / "index.html").read_text()
    assert "example-pages harvest" in cli and "--per-file" in cli
    fields = (docs_site / "reference" / "content-fields" / "index.html").read_text()
    assert "expect_use" in fields
