"""A snippet's text reaches the reader exactly as written, or is refused with a location.

Arbitrary text goes through everything a build does to it: a YAML file, the loader and
checks, the page template, MkDocs' Markdown configuration (with the plugin's adjustments)
and the HTML sanitizer. The code block's text in the resulting HTML must equal the snippet.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from example_pages.checks.snippets import snippet_lines
from example_pages.content.characters import refused_character
from example_pages.content.load import load_site
from example_pages.engine.sanitize import clean_html
from example_pages.errors import ContentError
from example_pages.render.renderer import Renderer
from example_pages.render.structure import api_path
from example_pages.settings import Settings
from tests.conftest import copy_site

API = "demo.signals.Signal"
PROJECT = {
    "name": "demo-project",
    "repo": "https://example.com/demo/demo-project",
    "license": "MIT",
    "description": "A project made up for tests.",
}
SAFE = [
    *("`", "```", "````", "~~~", "~~~~~", "{{ x }}", "{% raw %}", "{# c #}", "{{", "%}"),
    *("<script>alert(1)</script>", "</code><script>alert(1)</script>", "</pre>", "<!--"),
    *("\t", "\n", "\n\n", "  ", " \n", "\t\n", "    ", "# ...", "#", "\\", "é"),
    *("\U0001f600", "\U00010348", "\U0010fffd", "\u200b", "&amp;", "&lt;", "&#x41;"),
    *("wzxhzdk:0", "[x](javascript:alert(1))", "---", "*", "_", "<", ">", '"', "'", ":"),
]
# Characters that cannot be shown as written: the check must refuse them.
REFUSED = [
    "\r",
    "\r\n",
    "\x00",
    "\x02",
    "\x03",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud800",
]
clean = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), max_size=6)
fragments = st.one_of(
    st.sampled_from(SAFE),
    clean,
    st.sampled_from(SAFE),
    clean,
    st.one_of(st.sampled_from(REFUSED), st.text(max_size=4)),
)
joined = st.lists(fragments, min_size=1, max_size=24).map("".join)
# Half the snippets without the empty first or last line that the check refuses.
snippets = st.one_of(joined, joined.map(lambda code: code.strip("\n") + "\n"))


class _Literal(str):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Literal, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, "|")
)


@cache
def markdown_config() -> tuple[list[Any], dict[str, Any]]:
    """The site's Markdown extensions and options, after the plugins adjusted them."""
    cwd = os.getcwd()
    try:
        project = copy_site(Path(tempfile.mkdtemp()) / "site")
        os.chdir(project)
        config = load_config(str(project / "mkdocs.yml"))
        config = config.plugins.on_config(config)
    finally:
        os.chdir(cwd)
    return list(config.markdown_extensions), dict(config.mdx_configs)


@cache
def renderer() -> Renderer:
    return Renderer()


@cache
def converter() -> markdown.Markdown:
    extensions, configs = markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


class _CodeBlocks(HTMLParser):
    """The text of every `<pre><code>` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.depth = {"pre": 0, "code": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.depth:
            self.depth[tag] += 1
            if tag == "code" and self.depth["pre"]:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.depth:
            self.depth[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self.depth["pre"] and self.depth["code"]:
            self.blocks[-1] += data


def code_blocks(html: str) -> list[str]:
    parser = _CodeBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def write_api(content: Path, code: str, *, literal: bool) -> None:
    example = {
        "project": "demo-project",
        "file": "demo/signals.py",
        "ref": "0123456789abcdef0123456789abcdef01234567",
        "line": 1,
        "expect_use": False,
        "code": _Literal(code) if literal else code,
    }
    page = {"api": API, "kind": "class", "summary": "A made-up API.", "examples": [example]}
    text = yaml.dump(page, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    (content / "apis" / f"{API}.yml").write_text(text, encoding="utf-8", errors="surrogatepass")


def rendered_code(content: Path) -> str | list[str]:
    """The snippet's text in the built page's HTML, or the check's messages."""
    try:
        site = load_site(content, root=content.parent, settings=Settings(snippet_errors="warn"))
    except ContentError as e:
        return [str(p) for p in e.problems]
    page = renderer().pages(site)[api_path(API)]
    body, _ = get_data(page)
    html = converter().reset().convert(body)
    blocks = code_blocks(clean_html(html))
    assert len(blocks) == 1, blocks
    return blocks[0]


def expected_refusal(code: str) -> bool:
    lines = snippet_lines(code)
    return (
        refused_character(code) is not None
        or "\r" in code
        or lines[0] == ""
        or lines[-1] == ""
        or not code.strip()
    )


@settings(
    max_examples=int(os.environ.get("ROUNDTRIP_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=snippets, literal=st.booleans())
def test_snippet_text_reaches_the_page_exactly(tmp_path: Path, code: str, literal: bool) -> None:
    content = tmp_path / "content"
    (content / "projects").mkdir(parents=True, exist_ok=True)
    (content / "apis").mkdir(exist_ok=True)
    (content / "projects" / "demo-project.yml").write_text(yaml.safe_dump(PROJECT))
    write_api(content, code, literal=literal)

    result = rendered_code(content)

    event("refused" if isinstance(result, list) else "accepted")
    if isinstance(result, list):
        assert expected_refusal(code), result
        assert all(line.startswith(f"content/apis/{API}.yml:") for line in result), result
    else:
        assert result == "\n".join(snippet_lines(code)) + "\n"


def test_crafted_snippets_round_trip(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "projects").mkdir(parents=True)
    (content / "apis").mkdir()
    (content / "projects" / "demo-project.yml").write_text(yaml.safe_dump(PROJECT))
    crafted = [
        "x = '```'\n````\n~~~\n",
        "if x:\n\ty = '{{ y }}'  \n    \n\t{% if %}\n",
        "s = '</code><script>alert(1)</script>'\n",
        "print('\U0001f600 \U00010348')   \n",
    ]
    for code in crafted:
        write_api(content, code, literal=True)
        assert rendered_code(content) == code.removesuffix("\n") + "\n"
