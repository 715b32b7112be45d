"""Links in Markdown fields, resolved as MkDocs resolves them on the generated page."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages import cli
from example_pages.checks.links import (
    ABSOLUTE_RELATIVE_TO_DOCS,
    LinkRules,
    SiteMap,
    anchors_of,
    check_link,
)

PAGES = {
    "index.md": "# Home\n",
    "api/demo.Thing.md": '---\ntitle: "x"\n---\n\n# demo Thing\n\n## Example 1 {#example-1}\n',
    "api/demo.Other.md": "# demo Other\n",
    "projects/demo.md": "# Demo\n\n## Examples\n",
    "projects/index.md": "# Projects\n",
    "libraries/demo/index.md": "# Demo\n",
    "guide.md": "Guide\n=====\n\n<a id='top'></a>\n",
}
FILES = {*PAGES, "images/logo.png"}


def site(**rules: object) -> SiteMap:
    return SiteMap(FILES, PAGES.get, LinkRules(**rules))  # type: ignore[arg-type]


THING = "api/demo.Thing.md"
# (link, page it is on, what is wrong or None), one row per kind of link MkDocs validates
CASES = [
    ("demo.Other.md", THING, None),
    ("../projects/demo.md", THING, None),
    ("../guide.md", THING, None),
    ("./demo.Other.md", THING, None),
    ("demo%2EOther.md", THING, None),
    ("../index.md", "libraries/demo/index.md", "leads to 'libraries/index.md', which is not"),
    ("../../index.md", "libraries/demo/index.md", None),
    ("#example-1", THING, None),
    ("demo.Other.md?x=1", THING, None),
    ("https://example.com/x.md", THING, None),
    ("mailto:someone@example.com", THING, None),
    ("../projects/demo.md#examples", THING, None),
    ("../guide.md#top", THING, None),
    ("../guide.md#guide", THING, None),
    (
        "no-such-page.md",
        THING,
        "the link 'no-such-page.md' leads to 'api/no-such-page.md', which is not a page or file "
        "of the site; link to a page's Markdown file (such as ../api/<name>.md), relative to "
        "this page",
    ),
    (
        "demo.Othr.md",
        THING,
        "the link 'demo.Othr.md' leads to 'api/demo.Othr.md', which is not a page or file of "
        "the site; did you mean 'demo.Other.md'?",
    ),
    (
        "#exampel-1",
        THING,
        "the link '#exampel-1' names the anchor '#exampel-1', which this page does not have; "
        "did you mean '#example-1'?",
    ),
    (
        "../projects/demo.md#usage",
        THING,
        "the link '../projects/demo.md#usage' names the anchor '#usage', which the page "
        "'projects/demo.md' does not have; its anchors include #demo, #examples",
    ),
    (
        "../libraries/demo/",
        THING,
        "the link '../libraries/demo/' names no page or file of the site ('libraries/demo'); "
        "did you mean '../libraries/demo/index.md'?",
    ),
    (
        "../projects/demo/",
        THING,
        "the link '../projects/demo/' names no page or file of the site ('projects/demo'); "
        "did you mean '../projects/demo.md'?",
    ),
    (
        "/guide.md",
        THING,
        "the link '/guide.md' is an absolute path, which leads elsewhere on a site not "
        "published at the root of its domain; write it relative to the page: '../guide.md'",
    ),
    (
        "../../outside.md",
        THING,
        "the link '../../outside.md' leads outside the site's folder ('../outside.md'); link "
        "to a page of the site, or to the other site's full address (https://...)",
    ),
    ("../images/logo.png", THING, None),
    # written as the built page's address: MkDocs' own guesses name the Markdown file
    ("demo.Other.html", THING, "did you mean 'demo.Other.md'?"),
    ("../demo.Other/", THING, "did you mean 'demo.Other.md'?"),
    ("../projects/", THING, "did you mean '../projects/index.md'?"),
    (
        "git@github.com:o/r.git",
        THING,
        "the link 'git@github.com:o/r.git' is read as a path on this site; write the other "
        "site's full address, such as https://...",
    ),
    ("../projets/index.md", THING, "did you mean '../projects/index.md'?"),
    ("../images/missing.png", THING, "leads to 'images/missing.png', which is not a page"),
]


@pytest.mark.parametrize(("url", "page", "expected"), CASES)
def test_link(url: str, page: str, expected: str | None) -> None:
    found = check_link(url, page, site())
    if expected is None or len(expected) < 60:
        assert (found is None) == (expected is None), found
        assert expected is None or (found is not None and expected in found)
    else:
        assert found == expected


def test_without_directory_urls_a_page_address_is_its_html_file() -> None:
    assert check_link("demo.Other/", THING, site(use_directory_urls=False)) is not None
    found = check_link("demo.Other.html", THING, site(use_directory_urls=False))
    assert found is not None and found.endswith("did you mean 'demo.Other.md'?")


def test_images_resolve_but_their_anchors_are_not_checked() -> None:
    assert check_link("../images/logo.png#x", THING, site(), image=True) is None
    assert check_link("../images/nope.png", THING, site(), image=True) is not None


def test_absolute_paths_relative_to_docs_when_the_site_says_so() -> None:
    rules = {"absolute_links": ABSOLUTE_RELATIVE_TO_DOCS}
    assert check_link("/guide.md", THING, site(**rules)) is None
    assert check_link("/guide.md#top", THING, site(**rules)) is None
    found = check_link("/gide.md", THING, site(**rules))
    assert found is not None and "did you mean '../guide.md'?" in found


def test_a_page_whose_text_is_unknown_takes_any_anchor() -> None:
    unknown = SiteMap({"a.md", "b.md"}, lambda uri: None)
    assert check_link("b.md#anything", "a.md", unknown) is None


def test_anchors_are_the_toc_extensions_ids() -> None:
    text = (
        "---\ntitle: x\n---\n# Title `code` *here*\n\n## Same\n\n## Same\n\n"
        "```python\n# not a heading\n```\n\n    # indented code\n\n"
        "Setext\n------\n\n## Custom {#mine}\n\nA paragraph.\n{: #para }\n\n"
        '<div id="raw"></div> <a name="named"></a>\n\n'
        "> ## Quoted\n\n- ## Listed\n\n!!! note\n\n    ## In a note\n"
    )
    assert anchors_of(text) == {
        "title-code-here",
        "same",
        "same_1",
        "setext",
        "mine",
        "para",
        "raw",
        "named",
        "quoted",
        "listed",
        "in-a-note",
        "indented-code",  # taken for a heading: an extra id only makes the check lenient
    }


def test_anchors_follow_the_sites_slugify() -> None:
    assert anchors_of("# Two Words\n", lambda value, separator: "custom", "-") == {"custom"}
    assert anchors_of("# Two Words\n", None, "_") == {"two_words"}


PROJECT = """name: demo
repo: https://example.com/demo
license: MIT
description: >-
  A made-up project; see
  [its examples](#examples).
"""

API = """api: demo.Thing
kind: class
summary: |
  A thing.
  Read [the guide](guide.md) or [the other](demo.Other.md).
examples:
  - project: demo
    file: demo.py
    ref: main
    description: "See [the project](../projects/demo.md#exampels)."
    code: |
      from demo import Thing
"""

OTHER = """api: demo.Other
kind: class
summary: Another thing.
"""


def make_site(root: Path) -> Path:
    content = root / "content"
    (content / "projects").mkdir(parents=True)
    (content / "apis").mkdir()
    (content / "projects/demo.yml").write_text(PROJECT)
    (content / "apis/demo.Thing.yml").write_text(API)
    (content / "apis/demo.Other.yml").write_text(OTHER)
    (content / "index.md").write_text(
        "# Home\n\nSee\nthe [projects](projects/index.md) and [x](y.md).\n"
    )
    return content


def test_check_reports_each_dead_link_at_its_yaml_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    assert cli.main(["check", "--no-cache"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "content/apis/demo.Thing.yml:5:20: 'summary': the link 'guide.md' leads to "
        "'api/guide.md', which is not a page or file of the site; link to a page's Markdown "
        "file (such as ../api/<name>.md), relative to this page",
        "content/apis/demo.Thing.yml:10:37: example 1 (demo): 'description': the link "
        "'../projects/demo.md#exampels' names the anchor '#exampels', which the page "
        "'projects/demo.md' does not have; did you mean '#examples'?",
        "content/index.md:4:43: the link 'y.md' leads to no page or file of the site; link to "
        "a page's Markdown file (such as ../api/<name>.md), relative to this page",
        # shown on the project's page, where the anchor is, and on the API's, where it is not
        "content/projects/demo.yml:6:18: 'description': on the page 'api/demo.Thing.md', which "
        "shows this text too, the link '#examples' names the anchor '#examples', which this "
        "page does not have; did you mean '#example-1'?",
        "Aborted with 4 content errors.",
    ]


def test_dead_links_are_warnings_in_warn_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    assert cli.main(["check", "--no-cache", "--snippet-errors", "warn"]) == 0
    err = capsys.readouterr().err
    assert "content/apis/demo.Thing.yml:5:20: warning: 'summary': the link 'guide.md'" in err


def test_links_may_lead_to_the_docs_dir_around_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_site(tmp_path / "docs")
    (content / "projects/demo.yml").write_text(
        PROJECT.replace("(#examples)", "(../projects/demo.md)")
    )
    (content / "index.md").write_text("# Home\n")
    (content / "apis/demo.Thing.yml").write_text(
        API.replace("guide.md", "../guide.md").replace("#exampels", "#examples")
    )
    (tmp_path / "docs/guide.md").write_text("# Guide\n")
    assert cli.main(["check", "--no-cache", "--content", "docs/content"]) == 1
    assert "'api/../guide.md'" not in capsys.readouterr().err
    args = ["check", "--no-cache", "--content", "docs/content", "--docs-dir", "docs"]
    assert cli.main(args) == 0, capsys.readouterr().err


def test_check_renders_the_pages_only_for_an_anchor_it_must_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_site(tmp_path)
    (content / "projects/demo.yml").write_text(PROJECT.replace("(#examples)", "(index.md)"))
    (content / "index.md").write_text("# Home\n")
    (content / "apis/demo.Thing.yml").write_text(
        API.replace("guide.md", "demo.Other.md").replace("#exampels", "")
    )
    # a template that cannot render: only reached where a link names an anchor
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/api.md.j2").write_text("{{ nothing }}")
    assert cli.main(["check", "--no-cache"]) == 1
    assert "'index.md' leads to 'api/index.md'" in capsys.readouterr().err
    (content / "projects/demo.yml").write_text(PROJECT.replace("(#examples)", "(../index.md)"))
    assert cli.main(["check", "--no-cache"]) == 0, capsys.readouterr().err
    (content / "projects/demo.yml").write_text(PROJECT)
    assert cli.main(["check", "--no-cache"]) == 1
    assert "templates/api.md.j2:1: 'nothing' is undefined" in capsys.readouterr().err


def test_an_imported_clone_address_becomes_the_repositorys_web_address() -> None:
    from example_pages.importer.fsp_map import rewrite_links

    text = "[wtforms-alchemy](git@github.com:kvesteri/wtforms-alchemy.git) and [x](git@x)"
    assert rewrite_links(text, lambda path: None, []) == (
        "[wtforms-alchemy](https://github.com/kvesteri/wtforms-alchemy) and [x](git@x)"
    )
