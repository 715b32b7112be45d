"""A site overrides one template or one theme partial by copying one file; the rest is packaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from example_pages.content.load import load_site
from example_pages.errors import TemplateError
from example_pages.render.renderer import Renderer
from example_pages.resources import TEMPLATES
from tests.conftest import STARTER_CONTENT, copy_site, mkdocs_build

SIGNAL = "api/django.dispatch.Signal.md"


def test_a_site_template_replaces_only_its_own_file(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "projects.md.j2").write_text("{{ front_matter }}\n\n# Who we quote\n")
    site = load_site(STARTER_CONTENT)
    default = Renderer().pages(site)
    pages = Renderer(templates).pages(site)
    assert pages["projects/index.md"].endswith("\n\n# Who we quote\n")
    assert {k: v for k, v in pages.items() if k != "projects/index.md"} == {
        k: v for k, v in default.items() if k != "projects/index.md"
    }


def test_a_missing_templates_folder_means_the_defaults(tmp_path: Path) -> None:
    site = load_site(STARTER_CONTENT)
    assert Renderer(tmp_path / "no-such-folder").pages(site) == Renderer().pages(site)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% if %}", "api.md.j2:1: Expected an expression, got 'end of statement block'"),
        ("{% include 'nowhere.md.j2' %}", "template 'nowhere.md.j2' not found"),
        ("{{ no_such_value }}", "'no_such_value' is undefined"),
    ],
)
def test_a_broken_site_template_is_named_without_a_traceback(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "api.md.j2").write_text(text)
    with pytest.raises(TemplateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Renderer(tmp_path).pages(load_site(STARTER_CONTENT))


def test_a_broken_template_fails_the_build_with_its_name(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    (project / "templates").mkdir()
    (project / "templates" / "api.md.j2").write_text("{% if %}\n")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 1
    assert "api.md.j2:1: Expected an expression" in result.stderr
    assert "Traceback" not in result.stderr


def test_custom_dir_overrides_the_packaged_partials(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    partials = project / "mine" / "partials"
    partials.mkdir(parents=True)
    (partials / "about.html").write_text('<aside class="site-own-about">Ours</aside>\n')
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["theme"]["custom_dir"] = "mine"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    assert '<aside class="site-own-about">Ours</aside>' in html
    assert "xp-about" not in html  # the packaged about panel is replaced
    # the rest of the packaged theme still applies
    assert "assets/stylesheets/example-pages.css" in html


def test_a_bare_config_gets_the_markdown_the_pages_need(tmp_path: Path) -> None:
    project = tmp_path / "bare"
    shutil.copytree(STARTER_CONTENT, project / "docs")
    (project / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme: material\nplugins: [search, example-pages]\n"
    )
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    assert_signal_page(html)


def assert_signal_page(html: str) -> None:
    """The Signal page as the pages need it: headings with anchors, highlighted code."""
    assert 'id="example-1"' in html
    assert "{#example-1}" not in html
    assert html.count('<div class="language-python highlight">') == 6
    assert html.count('class="hll"') >= 6
    assert "<h1>from django.dispatch import Signal</h1>" not in html
    assert "example-pages.css" in html


def test_the_packaged_templates_are_the_repository_folder() -> None:
    # one copy: the wheel's templates are the repository's templates/ (mapped by setuptools)
    assert sorted(p.name for p in TEMPLATES.glob("*.j2")) == [
        "api.md.j2",
        "freshness.md.j2",
        "home.md.j2",
        "library.md.j2",
        "project.md.j2",
        "projects.md.j2",
        "toc.md.j2",
    ]
    assert Renderer().render("toc.md.j2", groups=[], page="index.md", headings=True) == ""
    assert SIGNAL in Renderer().pages(load_site(STARTER_CONTENT))
