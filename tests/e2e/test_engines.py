"""What the engines besides MkDocs rely on: Zensical's settings, the nav file, the overrides.

The builds themselves and the reader's view of them are in tests/browser/test_reader.py.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jinja2
import minijinja
import pytest
import yaml

from example_pages.authoring.init import init_site
from example_pages.cli import main
from example_pages.content.load import load_site
from example_pages.engine.markdown import REQUIRED_EXTENSIONS, add_required_extensions
from example_pages.engine.standalone import NAV_FILE
from example_pages.files import OUT_MARKER
from example_pages.render.structure import nav
from example_pages.resources import STARTER, THEME
from tests.conftest import ROOT, SITE_CONFIG, STARTER_CONTENT, ZENSICAL_CONFIG

# The repository's own zensical.toml and the one `example-pages init` writes are checked like
# the test site's.
ZENSICAL_CONFIGS = [ROOT / "zensical.toml", ZENSICAL_CONFIG, STARTER / "zensical.toml"]


def toml_extensions(path: Path) -> dict[str, dict[str, Any]]:
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    return dict(project["markdown_extensions"])


def mkdocs_extensions(path: Path) -> dict[str, dict[str, Any]]:
    """mkdocs.yml's extensions as the plugin leaves them: the required ones added."""
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = dict(options)
    add_required_extensions(names, configs)
    return {name: configs.get(name, {}) for name in names}


@pytest.mark.parametrize("config", ZENSICAL_CONFIGS, ids=["repository", "tests", "starter"])
def test_zensical_renders_markdown_as_the_plugin_does(config: Path) -> None:
    extensions = toml_extensions(config)
    for name, options in REQUIRED_EXTENSIONS.items():
        assert name in extensions, name
        assert {k: extensions[name].get(k) for k in options} == options, name
    assert extensions == mkdocs_extensions(SITE_CONFIG)


def test_build_out_writes_the_nav_for_zensical(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert main(["build", "--content", str(STARTER_CONTENT), "--out", str(out)]) == 0
    written = yaml.safe_load((out / NAV_FILE).read_text(encoding="utf-8"))
    assert written == {"nav": nav(load_site(STARTER_CONTENT, root=ROOT))}
    assert written["nav"][-1] == {"Projects": "projects/index.md"}
    assert not (tmp_path / "theme").exists()


def test_build_theme_writes_the_overrides(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    args = ["build", "--content", str(STARTER_CONTENT), "--out", str(tmp_path / "pages")]
    assert main([*args, "--theme", str(theme)]) == 0
    # the marker lists what build wrote there; MkDocs and Zensical skip dot files
    files = [p for p in theme.rglob("*") if p.is_file() and p.name != OUT_MARKER]
    written = sorted(p.relative_to(theme).as_posix() for p in files)
    assert written == [
        "assets/stylesheets/example-pages.css",
        "main.html",
        "partials/about.html",
        "partials/nav-lean.html",
        "partials/nav.html",
        "partials/search.html",
        "partials/source.html",
    ]
    for rel in written:
        assert (theme / rel).read_bytes() == (THEME / rel).read_bytes()


def test_a_new_site_builds_with_zensical_as_its_readme_says(tmp_path: Path) -> None:
    site = tmp_path / "site"
    init_site(site)
    commands = [
        ["-m", "example_pages", "build", "--out", "build/docs", "--theme", "build/overrides"],
        ["-m", "zensical", "build", "--strict", "-f", "zensical.toml"],
    ]
    for command in commands:
        result = subprocess.run([sys.executable, *command], cwd=site, capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
    page = (site / "build" / "site" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    assert page.count('<h2 id="example-') == 6
    assert "assets/stylesheets/example-pages.css" in page  # the overrides are in use
    assert 'class="xp-about"' in page


ABOUT = {
    "title": "About <us>",
    "text": "First <b>paragraph</b> &\nits second line.\n\nSecond paragraph.\n",
}


def render_jinja2(name: str, context: dict[str, Any]) -> str:
    """As MkDocs and ProperDocs render the theme (no autoescape)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME), undefined=jinja2.Undefined)
    env.filters["url"] = lambda value: value
    return env.get_template(name).render(context)


def render_minijinja(name: str, context: dict[str, Any]) -> str:
    """As Zensical renders the theme: MiniJinja without Python's string methods."""
    env = minijinja.Environment(
        loader=lambda n: (THEME / n).read_text(encoding="utf-8"),
        pycompat=False,
        auto_escape_callback=lambda n: False,
        filters={"url": lambda value: value},
    )
    return str(env.render_template(name, **context))


def paragraphs(page: str) -> list[str]:
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page, flags=re.S)]


@pytest.mark.parametrize("render", [render_jinja2, render_minijinja])
def test_about_panel_renders_alike_in_jinja2_and_minijinja(render: Any) -> None:
    context = {"config": {"extra": {"about": ABOUT}, "repo_url": "https://example.com/r"}}
    page = render("partials/about.html", context)
    assert paragraphs(page) == ["First <b>paragraph</b> &\nits second line.", "Second paragraph."]
    assert "<b>" not in page and "<us>" not in page
    assert 'href="https://example.com/r"' in html.unescape(page)


def test_every_override_parses_in_minijinja() -> None:
    env = minijinja.Environment(pycompat=False)
    for path in sorted(THEME.rglob("*.html")):
        env.add_template(path.relative_to(THEME).as_posix(), path.read_text(encoding="utf-8"))
