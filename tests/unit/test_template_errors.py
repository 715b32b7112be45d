"""A template that fails while a page renders is named with its file, its line and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages.content.load import load_site
from example_pages.errors import TemplateError
from example_pages.render.renderer import Renderer
from tests.conftest import STARTER_CONTENT

PAGE = "(rendering api/django.dispatch.Signal.md)"


def render_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **files: str) -> str:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text)
    with pytest.raises(TemplateError) as caught:
        Renderer(folder).pages(load_site(STARTER_CONTENT))
    return str(caught.value)


def test_an_undefined_value_names_the_line_and_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = render_error(tmp_path, monkeypatch, api_md_j2="# {{ title }}\n\n{{ api.nope }}\n")
    assert message == (
        f"templates/api.md.j2:3: 'example_pages.content.entries.ApiEntry object' has no "
        f"attribute 'nope' {PAGE}; a template may only use the values the defaults use"
    )


def test_an_error_in_an_included_template_names_that_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = render_error(
        tmp_path,
        monkeypatch,
        api_md_j2="# {{ title }}\n{% include 'part.j2' %}\n",
        part_j2="one\ntwo\n{{ 1 // 0 }}\n",
    )
    assert message == (
        f"templates/part.j2:3: ZeroDivisionError: integer division or modulo by zero {PAGE}; "
        "fix the template"
    )


def test_a_syntax_error_in_an_included_template_names_its_line_and_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = render_error(
        tmp_path,
        monkeypatch,
        api_md_j2="# {{ title }}\n{% include 'part.j2' %}\n",
        part_j2="one\n{% if %}\n",
    )
    assert message == (
        f"templates/part.j2:2: Expected an expression, got 'end of statement block' {PAGE}; "
        "fix the template"
    )
