"""Site-wide views: grouping by library and module, cross-links, the nav, the home page."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages.content.entries import Site
from example_pages.content.load import load_site
from example_pages.render.markup import relative
from example_pages.render.renderer import TOC_MARKER, Renderer
from example_pages.render.structure import cross_links, libraries, nav, plain, sources
from tests.conftest import ROOT, TESTS

DEMO = TESTS / "golden" / "site" / "demo" / "content"


@pytest.fixture(scope="module")
def demo() -> Site:
    return load_site(DEMO, root=ROOT)


def test_libraries_by_name_then_modules_and_apis(demo: Site) -> None:
    groups = libraries(demo)
    assert [(g.id, g.name, g.examples) for g in groups] == [
        ("demo", "Demo", 5),
        ("later", "Later", 0),
        ("other", "other", 1),  # no libraries/other.yml: the id is the name
    ]
    assert [(m.module, [a.api for a in m.apis]) for m in groups[0].modules] == [
        ("demo", ["demo.core"]),
        ("demo.core", ["demo.core.make_widget", "demo.core.Widget"]),
        ("demo.extras", ["demo.extras.Gadget"]),
    ]


def test_cross_links_run_both_ways(demo: Site) -> None:
    links = cross_links(demo)
    also = {key: [a.api for a in apis] for key, apis in links.also_uses.items() if apis}
    assert also == {
        ("demo.core", 1): ["demo.core.make_widget"],
        ("demo.core.Widget", 1): ["demo.core.make_widget"],
        ("demo.extras.Gadget", 1): ["demo.core.Widget"],
    }
    used = {
        api: [(r.api.api, r.example.number) for r in refs]
        for api, refs in links.used_in.items()
        if refs
    }
    assert used == {
        "demo.core.make_widget": [("demo.core", 1), ("demo.core.Widget", 1)],
        "demo.core.Widget": [("demo.extras.Gadget", 1)],
    }
    by_project = {
        project: [(r.api.api, r.example.number) for r in refs]
        for project, refs in links.by_project.items()
    }
    assert by_project == {
        "demo-project": [
            ("demo.core", 1),
            ("demo.core.make_widget", 1),
            ("demo.core.Widget", 1),
            ("other.thing", 1),
        ],
        "sample-app": [("demo.core.Widget", 2), ("demo.extras.Gadget", 1)],
        "unused": [],
    }


def test_a_snippet_naming_its_own_module_links_nothing(demo: Site) -> None:
    # Example 2 of Widget imports demo.core, which has a page, but only to reach Widget.
    assert cross_links(demo).also_uses[("demo.core.Widget", 2)] == []


def test_nav_is_library_module_api_then_projects(demo: Site) -> None:
    assert nav(demo, ["about.md"]) == [
        {"Home": "index.md"},
        {
            "Demo": [
                "libraries/demo/index.md",
                {"demo": [{"core": "api/demo.core.md"}]},
                {
                    "demo.core": [
                        {"make_widget": "api/demo.core.make_widget.md"},
                        {"Widget": "api/demo.core.Widget.md"},
                    ]
                },
                {"demo.extras": [{"Gadget": "api/demo.extras.Gadget.md"}]},
            ]
        },
        {"Later": ["libraries/later/index.md"]},
        {"other": ["libraries/other/index.md", {"other": [{"thing": "api/other.thing.md"}]}]},
        {"Projects": "projects/index.md"},
        "about.md",
    ]


def test_every_generated_page_but_home_has_a_source(demo: Site) -> None:
    pages = Renderer().pages(demo)
    paths = sources(demo)
    assert set(pages) - set(paths) == {"index.md", "projects/index.md", "libraries/other/index.md"}
    assert paths["projects/sample-app.md"] == DEMO / "projects" / "sample-app.yml"
    assert paths["libraries/later/index.md"] == DEMO / "libraries" / "later.yml"
    assert "libraries/other/index.md" not in paths


def test_home_keeps_the_text_and_fills_the_first_marker_only(demo: Site) -> None:
    text = f"# Mine\n\n{TOC_MARKER}\n\nAgain: {TOC_MARKER}\n"
    home = Renderer().home_page(demo, text)
    assert home.startswith("# Mine\n\n## [Demo](libraries/demo/index.md)\n")
    assert home.endswith(f"\n\nAgain: {TOC_MARKER}\n")
    assert Renderer().home_page(demo, "# No marker\n") == "# No marker\n"


def test_home_is_generated_without_an_index_md(demo: Site, tmp_path: Path) -> None:
    site = load_site(DEMO, root=ROOT)
    site.home = None  # a content folder without index.md
    home = Renderer().pages(site)["index.md"]
    assert home.startswith("# Python API Example Code\n")
    assert "| demo.core | [Widget](api/demo.core.Widget.md) | class | 2 |" in home
    assert "[3 open-source projects](projects/index.md)" in home


@pytest.mark.parametrize(
    ("target", "source", "link"),
    [
        ("api/a.b.md", "index.md", "api/a.b.md"),
        ("api/a.b.md", "api/c.md", "a.b.md"),
        ("projects/p.md", "api/c.md", "../projects/p.md"),
        ("api/a.b.md", "libraries/x/index.md", "../../api/a.b.md"),
    ],
)
def test_relative_links(target: str, source: str, link: str) -> None:
    assert relative(target, source) == link


def test_plain_text_cannot_open_a_tag_or_close_an_attribute() -> None:
    assert plain('a "b" <script>\n c') == "a 'b' script c"
