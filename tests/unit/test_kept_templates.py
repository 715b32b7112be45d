"""Under `mkdocs serve`, the theme's 404 page and sitemap are rendered again only where what
they show changed; the serve-rebuild tests compare their bytes with a clean build's."""

from __future__ import annotations

from typing import Any

import pytest

from example_pages.engine import incremental
from example_pages.engine.incremental import Rebuilds


class Counting:
    """A template that renders its number of renders so far."""

    def __init__(self) -> None:
        self.renders = 0
        self.name = "404.html"

    def render(self, *args: Any, **kwargs: Any) -> str:
        self.renders += 1
        return f"render {self.renders}"


def _rebuilds(signature: str = "site", *, everything: bool = False) -> Rebuilds:
    rebuilds = Rebuilds()
    rebuilds.signature, rebuilds.everything = signature, everything
    return rebuilds


def test_a_rebuild_that_changes_nothing_every_page_shows_gives_the_last_text() -> None:
    template, rebuilds = Counting(), _rebuilds(everything=True)
    assert rebuilds.template(template, "404.html", reusable=True).render({}) == "render 1"
    rebuilds.everything = False
    kept = rebuilds.template(template, "404.html", reusable=True)
    assert kept.render({}) == "render 1" and template.renders == 1
    # the wrapper still answers as the template does
    assert rebuilds.template(template, "sitemap.xml", reusable=True).name == "404.html"


@pytest.mark.parametrize("change", ["everything", "signature", "day", "failed build"])
def test_what_every_page_shows_or_the_day_changing_renders_again(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    template, rebuilds = Counting(), _rebuilds()
    rebuilds.template(template, "404.html", reusable=True).render({})
    if change == "everything":
        rebuilds.everything = True
    elif change == "signature":
        rebuilds.signature = "another nav"
    elif change == "day":
        monkeypatch.setattr(incremental, "get_build_date", lambda: "2999-01-01")
    else:
        rebuilds.forget()
    assert rebuilds.template(template, "404.html", reusable=True).render({}) == "render 2"


def test_where_another_plugin_sees_templates_each_is_rendered_as_it_is() -> None:
    template, rebuilds = Counting(), _rebuilds()
    assert rebuilds.template(template, "404.html", reusable=False) is template
    template.render({})
    assert rebuilds.template(template, "404.html", reusable=False) is template
