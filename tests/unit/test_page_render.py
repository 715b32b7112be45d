"""One Markdown instance kept for every page converts each page as MkDocs' own `Page.render`."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from example_pages.engine.compat.mkdocs import PageRender

PAGES = {
    "index.md": "# Home {#start}\n\nSee [the second section](b.md#second) and [b](b.md).\n",
    "a.md": (
        "# First\n\n## A heading\n\nText with a footnote[^1] and `code`.\n\n"
        '<div id="raw-anchor" markdown>\n**raw** HTML\n</div>\n\n'
        '```python title="x.py" linenums="3" hl_lines="2"\nimport os\nos.stat(\'.\')\n```\n\n'
        "[^1]: The note.\n"
    ),
    "b.md": (
        "Untitled page text.\n\n## Second {#second}\n\n[missing](a.md#nowhere)\n\n"
        "| a |\n|---|\n| 1 |\n"
    ),
    "sub/c.md": "# Deeper\n\n[up](../a.md#a-heading) and ![img](../pic.png)\n\n## A heading\n",
}
CONFIG = """\
site_name: Render
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - footnotes
  - tables
  - pymdownx.highlight:
      linenums_style: pymdownx-inline
  - pymdownx.superfences
"""


def _pages(tmp_path: Path) -> tuple[object, Files, list[Page]]:
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text)
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files(
        [File(name, config.docs_dir, config.site_dir, config.use_directory_urls) for name in PAGES]
    )
    pages = []
    for file in files:
        page = Page(None, file, config)
        page.markdown = PAGES[file.src_uri]
        pages.append(page)
    return config, files, pages


@pytest.mark.parametrize("rounds", [1, 2])
def test_each_page_is_what_page_render_makes(tmp_path: Path, rounds: int) -> None:
    config, files, theirs = _pages(tmp_path)
    for page in theirs:
        page.render(config, files)  # type: ignore[arg-type]
    renderer = PageRender()
    assert renderer.usable()
    for _ in range(rounds):  # the second time, every page with the instance the last one used
        _, _, ours = _pages(tmp_path)
        for page in ours:
            renderer.render(page, page.render, config, files)  # type: ignore[arg-type]
        for mine, own in zip(ours, theirs, strict=True):
            assert mine.content == own.content
            assert [str(item) for item in mine.toc] == [str(item) for item in own.toc]
            assert mine._title_from_render == own._title_from_render
            assert mine.present_anchor_ids == own.present_anchor_ids
            assert _links(mine) == _links(own)
    assert 'id="fn:1"' in theirs[1].content and theirs[2]._title_from_render is None


def _links(page: Page) -> dict[str, dict[str, str]] | None:
    links = page.links_to_anchors
    return None if links is None else {file.src_uri: found for file, found in links.items()}


def test_another_render_is_called_as_it_is(tmp_path: Path) -> None:
    config, files, pages = _pages(tmp_path)
    called = []
    PageRender().render(pages[0], lambda c, f: called.append((c, f)), config, files)  # type: ignore[arg-type]
    assert called == [(config, files)] and pages[0].content is None
