"""Real `mkdocs build --strict` runs: pages linked both ways, a nav that stays small, meta."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import TESTS, copy_site, mkdocs_build

DEMO = TESTS / "golden" / "site" / "demo" / "content"
SIGNAL = "api/django.dispatch.Signal/index.html"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content, plus a hand-written page, built with the default site's settings."""
    project = copy_site(tmp_path_factory.mktemp("demo") / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(DEMO, project / "content")
    (project / "content" / "about.md").write_text("# About\n\nWritten by hand.\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def primary_nav(html: str) -> str:
    start = html.index('class="md-nav md-nav--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def test_every_page_is_built(demo_site: Path) -> None:
    pages = sorted(p.relative_to(demo_site).as_posix() for p in demo_site.rglob("index.html"))
    assert pages == [
        "about/index.html",
        "api/demo.core.Widget/index.html",
        "api/demo.core.make_widget/index.html",
        "api/demo.core/index.html",
        "api/demo.extras.Gadget/index.html",
        "api/other.thing/index.html",
        "index.html",
        "libraries/demo/index.html",
        "libraries/later/index.html",
        "libraries/other/index.html",
        "projects/demo-project/index.html",
        "projects/index.html",
        "projects/sample-app/index.html",
        "projects/unused/index.html",
    ]
    assert (demo_site / "404.html").is_file()


def test_pages_link_both_ways(default_site: Path) -> None:
    home = hrefs((default_site / "index.html").read_text())
    library = hrefs((default_site / "libraries/django/index.html").read_text())
    api = hrefs((default_site / SIGNAL).read_text())
    project = hrefs((default_site / "projects/viewflow/index.html").read_text())
    projects = hrefs((default_site / "projects/index.html").read_text())
    assert {"libraries/django/", "api/django.dispatch.Signal/", "projects/"} <= home
    assert {"../../api/django.dispatch.Signal/", "../.."} <= library
    assert {"../../projects/viewflow/", "../../libraries/django/"} <= api
    assert {"../../api/django.dispatch.Signal/#example-4"} <= project
    assert {"viewflow/", "django-cors-headers/"} <= projects


def test_cross_links_in_the_built_demo(demo_site: Path) -> None:
    widget = (demo_site / "api/demo.core.Widget/index.html").read_text()
    assert re.search(r'This example also uses <a href="../demo.core.make_widget/">', widget)
    assert '<a href="../demo.extras.Gadget/#example-1">Example 1 from sample_app' in widget
    gadget = (demo_site / "api/demo.extras.Gadget/index.html").read_text()
    assert 'id="example-1"' in gadget


def test_nav_holds_the_current_module_only(demo_site: Path) -> None:
    nav = primary_nav((demo_site / "api/demo.core.Widget/index.html").read_text())
    links = hrefs(nav)
    # Its own module's pages, and one link per other module, library and section.
    assert {"./", "../demo.core.make_widget/"} <= links
    assert "../demo.extras.Gadget/" in links  # the pruned module links to its first page
    assert "../other.thing/" not in links
    assert "../../projects/" in links
    assert not any(
        link.startswith("../../projects/") and link != "../../projects/" for link in links
    )
    assert "../../about/" in links


def test_nav_of_a_project_page_lists_neither_projects_nor_apis(demo_site: Path) -> None:
    # The projects page lists them all; a sidebar of every project on every project page
    # would grow with the square of the number of projects.
    links = hrefs(primary_nav((demo_site / "projects/unused/index.html").read_text()))
    assert "../" in links  # the projects page
    assert not {"../demo-project/", "../sample-app/", "./"} & links
    assert not [link for link in links if "/api/" in link or link.startswith("../api/")]
    listing = (demo_site / "projects/index.html").read_text()
    assert '<a href="demo-project/">' in listing and '<a href="unused/">' in listing


def test_names_are_escaped_in_titles_nav_and_meta(demo_site: Path) -> None:
    html = (demo_site / "projects/sample-app/index.html").read_text()
    assert "<beta>" not in html
    assert "<title>sample_app 'lite' | beta Example Code - Python API Example Code</title>" in html
    assert '<h1 id="sample_app-lite-beta">sample_app "lite" | &lt;beta&gt;<a ' in html


def test_meta_canonical_and_open_graph(default_site: Path) -> None:
    html = (default_site / SIGNAL).read_text()
    description = "Python example code for the Signal class from the django.dispatch module."
    url = "https://example.org/docs/api/django.dispatch.Signal/"
    assert f'<meta name="description" content="{description}">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="django.dispatch Signal Example Code">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    library = (default_site / "libraries/django/index.html").read_text()
    assert (
        '<meta name="description" content="Python example code for Django: 1 API page with 6 '
        'examples from open-source projects.">'
    ) in library


def test_sitemap_lists_every_page(default_site: Path) -> None:
    tree = ElementTree.parse(default_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.findall(".//s:loc", ns)}
    pages = {
        "https://example.org/docs/"
        + p.relative_to(default_site).parent.as_posix().removeprefix(".").strip("/")
        for p in default_site.rglob("index.html")
        if "django-dispatch-signal-examples" not in p.as_posix()
    }
    assert urls == {u if u.endswith("/docs/") else u + "/" for u in pages}


def test_404_page_works_at_any_depth(default_site: Path) -> None:
    html = (default_site / "404.html").read_text()
    assert 'href="/docs/assets/stylesheets/example-pages.css"' in html
    assert "404" in html


def test_old_address_redirects(default_site: Path) -> None:
    html = (default_site / "django-dispatch-signal-examples/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../api/django.dispatch.Signal/">' in html


def test_edit_links_point_at_the_yaml(default_site: Path) -> None:
    edit = "https://github.com/example-pages/example-pages/edit/main/content/"
    for page, source in [
        (SIGNAL, "apis/django.dispatch.Signal.yml"),
        ("projects/viewflow/index.html", "projects/viewflow.yml"),
        ("libraries/django/index.html", "libraries/django.yml"),
        ("index.html", "index.md"),
    ]:
        assert f'href="{edit}{source}"' in (default_site / page).read_text(), page
    assert edit not in (default_site / "projects/index.html").read_text()


def test_nothing_is_loaded_from_another_host(default_site: Path) -> None:
    for page in default_site.rglob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<(?:link|script|img|iframe)\b[^>]*>", html):
            if 'rel="canonical"' not in tag:
                assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)
    assert "fonts.googleapis" not in (default_site / "index.html").read_text()


def test_a_nav_in_mkdocs_yml_is_kept(site_copy: Path, tmp_path: Path) -> None:
    config = site_copy / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + "\nnav:\n  - Start: index.md\n  - Signal: api/django.dispatch.Signal.md\n"
    )
    config.write_text(config.read_text().replace("omitted_files: warn", "omitted_files: info"))
    result = mkdocs_build(site_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    nav = primary_nav((tmp_path / "site" / SIGNAL).read_text())
    assert "Start" in nav
    assert "Projects" not in nav
