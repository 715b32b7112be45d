"""The lean sidebar nav (overrides/partials/nav-lean.html) writes what Material's own writes."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import minijinja
import pytest
import yaml

from example_pages.resources import THEME
from tests.conftest import SITE_CONFIG, copy_site, engine_build, mkdocs_build

OURS = ["navigation.indexes", "navigation.prune"]
# A hand-written page whose nav entry takes the long way: a subtitle and a status.
EXTRA_PAGE = "---\ntitle: Colophon\nsubtitle: How these pages are made\nstatus: new\n---\n\nText.\n"


def material() -> Path:
    """Material for MkDocs' own templates."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "templates"


def build(project: Path, out: Path, features: list[str], *, theme: dict[str, str]) -> None:
    """Build `project` with `features`, the files of `theme` placed in a custom_dir first."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["theme"]["features"] = features
    if theme:
        for name, text in theme.items():
            path = project / "own" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        config["theme"]["custom_dir"] = "own"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (project / "content" / "colophon.md").write_text(EXTRA_PAGE)
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize(
    "features",
    [
        yaml.safe_load(SITE_CONFIG.read_text())["theme"]["features"],  # OURS and the rest
        [],  # every section open, no index pages
        [*OURS, "navigation.tabs", "navigation.sections"],  # Material's own nav-item.html
    ],
    ids=["ours", "plain", "tabs"],
)
def test_every_page_is_the_same_with_materials_nav(tmp_path: Path, features: list[str]) -> None:
    stock_nav = {"partials/nav.html": (material() / "partials" / "nav.html").read_text()}
    build(copy_site(tmp_path / "lean"), tmp_path / "lean-site", features, theme={})
    build(copy_site(tmp_path / "stock"), tmp_path / "stock-site", features, theme=stock_nav)
    lean, stock = pages(tmp_path / "lean-site"), pages(tmp_path / "stock-site")
    assert lean.keys() == stock.keys()
    api = lean["api/django.dispatch.Signal/index.html"]
    assert 'class="md-nav__link md-nav__link--active"' in api
    assert "<small>How these pages are made</small>" in api
    for name in lean:
        if name == "404.html":  # not compacted like the pages: only its spaces may differ
            assert normalized(lean[name]) == normalized(stock[name])
        else:
            assert lean[name] == stock[name], name


def test_the_lean_nav_is_taken_only_without_tabs_sections_or_expand(tmp_path: Path) -> None:
    marker = {
        "partials/nav-lean.html": "{% macro render_items(a, b, c, d) %}LEAN-NAV{% endmacro %}\n"
    }
    for features, lean in [(OURS, True), ([], True), ([*OURS, "navigation.expand"], False)]:
        project = copy_site(tmp_path / str(len(features)) / "project")
        build(project, project / "site", features, theme=marker)
        assert ("LEAN-NAV" in (project / "site" / "index.html").read_text()) is lean, features


def normalized(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub(r">\s*", ">", re.sub(r"\s*<", "<", text)).strip()


LEAN = (
    '{% import "partials/nav-lean.html" as lean with context %}'
    '{{ lean.render_items(items, "__nav", 1, none) }}'
)
STOCK = (
    '{% import "partials/nav-item.html" as item with context %}'
    '{% for nav_item in items %}{{ item.render(nav_item, "__nav_" ~ loop.index, 1) }}{% endfor %}'
)


def template(name: str) -> str:
    if name == "lean":
        return LEAN
    if name == "stock":
        return STOCK
    if name == "partials/nav-item.html":
        return (material() / name).read_text(encoding="utf-8")
    return (THEME / name).read_text(encoding="utf-8")


def render_jinja2(name: str, context: dict[str, Any]) -> str:
    env = jinja2.Environment(loader=jinja2.FunctionLoader(template))
    env.filters["url"] = lambda value: value
    return env.get_template(name).render(context)


def render_minijinja(name: str, context: dict[str, Any]) -> str:
    env = minijinja.Environment(
        loader=template,
        pycompat=False,
        auto_escape_callback=lambda n: False,
        filters={"url": lambda value: value},
    )
    return str(env.render_template(name, **context))


def leaf(title: str, url: str, **more: Any) -> dict[str, Any]:
    return {
        "title": title,
        "url": url,
        "children": None,
        "active": False,
        "is_index": False,
        **more,
    }


def section(title: str, children: list[dict[str, Any]], *, active: bool = False) -> dict[str, Any]:
    return {"title": title, "children": children, "active": active}


def nav_context(features: list[str]) -> dict[str, Any]:
    page = leaf("Signal", "api/signal/", active=True, toc=[], meta={"description": "d"})
    django = [
        leaf("Django", "libraries/django/", is_index=True),
        section("django.dispatch", [page, leaf("receiver", "api/receiver/")], active=True),
        section("django.http", [leaf("HttpResponse", "api/http/")]),
    ]
    flask = [
        leaf("Flask", "libraries/flask/", is_index=True),
        section("flask.app", [leaf("Flask", "api/flask/")]),
    ]
    items = [
        leaf("Home", "./"),
        section("Django", django, active=True),
        section("Flask", flask),
        section("Deep", [section("Deeper", [leaf("Bottom", "bottom/")])]),
        leaf("Colophon", "colophon/", meta={"subtitle": "How", "status": "new"}),
    ]
    return {"items": items, "page": page, "features": features, "config": {"extra": {}}}


@pytest.mark.parametrize("render", [render_jinja2, render_minijinja], ids=["jinja2", "minijinja"])
@pytest.mark.parametrize(
    "features", [OURS, ["navigation.prune"], []], ids=["ours", "prune", "plain"]
)
def test_lean_nav_renders_as_materials_in_jinja2_and_minijinja(
    render: Any, features: list[str]
) -> None:
    context = nav_context(features)
    lean = normalized(render("lean", context))
    assert lean == normalized(render("stock", context))
    assert lean == normalized(render_jinja2("lean", context))  # the engines agree
    assert 'href="api/signal/" class="md-nav__link md-nav__link--active"' in lean
    assert "<small>How</small>" in lean and 'class="md-status md-status--new"' in lean
    if "navigation.prune" in features:
        assert "md-nav__item--pruned" in lean and "api/flask/" not in lean
    else:
        assert "md-nav__item--pruned" not in lean and "api/flask/" in lean


def test_zensical_keeps_its_own_nav(tmp_path: Path) -> None:
    # Zensical runs no plugin: the packaged nav.html falls back to Zensical's nav-item.html.
    project = copy_site(tmp_path / "project")
    with_ours = pages(engine_build("zensical", project))
    for name in ("nav.html", "nav-lean.html"):
        (project / "build" / "overrides" / "partials" / name).unlink()
    shutil.rmtree(project / "build" / "site")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.toml"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    without = pages(project / "build" / "site")
    assert "md-nav__link--active" in with_ours["api/django.dispatch.Signal/index.html"]
    assert with_ours.keys() == without.keys()
    for name in with_ours:  # Zensical does not compact its pages: only spaces may differ
        assert normalized(with_ours[name]) == normalized(without[name]), name
