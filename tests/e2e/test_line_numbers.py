"""Excerpts numbered like their source: each chunk from its own upstream line."""

from __future__ import annotations

import re
import shutil
from html import escape as html_escape
from pathlib import Path

import pytest

from example_pages.cli import main
from example_pages.content.load import load_site
from example_pages.engine.htmlpost import renumber
from example_pages.render.views import chunk_numbers, example_view, upstream_numbers
from tests.conftest import SITE_CONFIG, TESTS, mkdocs_build
from tests.e2e.test_harvest import SHOP
from tests.gitrepo import commit, set_origin

CASE = TESTS / "golden" / "site" / "numbered"
SHELF = (3, None, 41, 42, 43, None, 97, 98)
"""demo.core.Widget's example 2: `line: [3, 41, 97]` over chunks of 1, 3 and 2 lines."""
SHELF_SOURCE = (
    "https://example.com/demo/demo-project/blob/0123456789abcdef0123456789abcdef01234567/"
    "demo_project/shelf.py#L3-L43"
)


def numbered_site(target: Path) -> Path:
    """The golden case's content as a site with the test config."""
    shutil.copytree(CASE / "content", target / "content")
    shutil.copy(SITE_CONFIG, target / "mkdocs.yml")
    return target


@pytest.fixture(scope="module")
def numbered_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = numbered_site(tmp_path_factory.mktemp("numbers") / "project")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_each_chunk_is_numbered_from_its_upstream_line() -> None:
    site = load_site(CASE / "content", root=CASE)
    widget = next(api for api in site.apis if api.api == "demo.core.Widget")
    assert upstream_numbers(widget.examples[1].model) == SHELF
    # one start line: pymdownx numbers the lines itself
    assert upstream_numbers(widget.examples[0].model) is None
    assert chunk_numbers(site) == {"api/demo.core.Widget.md": {"example-2": SHELF}}


def test_the_source_link_covers_the_highlighted_lines() -> None:
    site = load_site(CASE / "content", root=CASE)
    example = next(api for api in site.apis if api.api == "demo.core.Widget").examples[1]
    view = example_view(example, numbered_chunks=True)
    assert view.source_url == SHELF_SOURCE
    assert view.info == 'python title="demo_project/shelf.py" linenums="3" hl_lines="1 5"'
    # pages for other engines carry no numbers rather than numbers that ignore the gaps
    assert "linenums" not in example_view(example).info


def test_renumber_leaves_a_block_whose_length_differs() -> None:
    html = (
        '<h2 id="example-1">Example 1</h2><div class="language-python highlight"><pre><code>'
        '<span class="linenos" data-linenos="1 "></span>x\n'
        '<span class="linenos" data-linenos="2 "></span>y\n</code></pre></div>'
    )
    assert renumber(html, {"example-1": (7, 8, 9)}) == html
    assert renumber(html, {"example-1": (7, None)}).count('data-linenos="7 "') == 1
    assert 'data-linenos="  "' in renumber(html, {"example-1": (7, None)})


def test_the_built_page_shows_upstream_numbers(numbered_built: Path) -> None:
    html = (numbered_built / "api" / "demo.core.Widget" / "index.html").read_text()
    section = html[html.index('id="example-2"') :]
    numbers = re.findall(r'data-linenos="([^"]*)"', section)
    assert numbers == [" 3 ", "   ", "41 ", "42 ", "43 ", "   ", "97 ", "98 "]
    assert f'href="{SHELF_SOURCE}"' in section
    # the examples without gaps keep pymdownx's own numbers
    first = html[html.index('id="example-1"') : html.index('id="example-2"')]
    assert re.findall(r'data-linenos="([^"]*)"', first) == ["10 ", "11 ", "12 ", "13 ", "14 "]


def test_a_harvested_excerpt_is_numbered_like_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = numbered_site(tmp_path / "project")
    commit(project / "clones" / "demo-project", {"src/demo/shop.py": SHOP})
    set_origin(project / "clones" / "demo-project", "https://example.com/demo/demo-project")
    (project / "content" / "apis" / "demo.events.Signal.yml").write_text(
        "api: demo.events.Signal\nkind: class\nsummary: A made-up signal.\n"
    )
    monkeypatch.chdir(project)
    harvest = ["harvest", "clones/demo-project", "--api", "demo.events.Signal"]
    assert main([*harvest, "--project", "demo-project"]) == 0
    text = (project / "content" / "apis" / "demo.events.Signal.yml").read_text()
    assert "    line: [1, 10, 42]\n" in text
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "api" / "demo.events.Signal" / "index.html").read_text()
    numbers = [n.strip() for n in re.findall(r'data-linenos="([^"]*)"', html)]
    file = SHOP.splitlines()
    shown = [int(n) for n in numbers if n]
    assert shown[:4] == [1, 2, 3, 4] and shown[4] == 10 and 42 in shown
    assert numbers[4] == ""  # the '# ...' line between line 4 and line 10
    # each numbered line shows the text of that line of the file
    code = html[html.index('id="example-1"') :]
    lines = re.findall(r'data-linenos="\s*(\d+)\s*"></span>(.*?)\n', code)
    for number, markup in lines:
        assert re.sub(r"<[^>]+>", "", markup).rstrip() == html_escape(file[int(number) - 1])
