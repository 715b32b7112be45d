"""Templates' missing attributes answered without exceptions (`compat.jinja.QuickMissing`)
are Jinja's own."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from example_pages.engine.compat import Speedups
from example_pages.engine.compat.jinja import QuickMissing, quick_getattr


class _Plain:
    kept = "class"

    def __init__(self) -> None:
        self.mine = "instance"

    @property
    def computed(self) -> str:
        raise AttributeError("computed")


class _Dynamic:
    def __getattr__(self, name: str) -> str:
        return f"dynamic {name}"


class _Items:
    def __getitem__(self, name: str) -> str:
        if name == "none":
            raise KeyError(name)
        return f"item {name}"


class _Slots:
    __slots__ = ("here",)

    def __init__(self) -> None:
        self.here = "slot"


@pytest.mark.parametrize(
    ("obj", "name"),
    [
        (_Plain(), "kept"),
        (_Plain(), "mine"),
        (_Plain(), "missing"),
        (_Plain(), "computed"),
        (_Dynamic(), "anything"),
        (_Items(), "key"),
        (_Items(), "none"),
        (_Slots(), "here"),
        (_Slots(), "missing"),
        ({"a": 1}, "a"),
        ({"a": 1}, "missing"),
        ({"get": 1}, "get"),
        (_Plain, "missing"),
        (jinja2, "Environment"),
        (jinja2, "missing"),
        ("text", "upper"),
        ("text", "missing"),
        (None, "missing"),
    ],
)
def test_missing_attributes_are_jinja_own(obj: Any, name: str) -> None:
    env = jinja2.Environment()
    quick = quick_getattr(env)
    for _ in range(2):  # the second time from what was kept for the type
        got, own = quick(obj, name), env.getattr(obj, name)
        assert type(got) is type(own)
        if isinstance(own, jinja2.Undefined):
            assert str(got._undefined_hint) == str(own._undefined_hint)
            assert got._undefined_obj is own._undefined_obj
        else:
            assert got == own


def test_templates_render_the_same_with_quick_missing_attributes() -> None:
    source = (
        "{% for item in items %}{{ item.title }}|{{ item.meta }}|{{ item.pages or '-' }}"
        "|{{ item.icon is defined }}|{{ item.get }};{% endfor %}"
    )
    items = [_Plain(), {"title": "t", "icon": "i"}, _Items(), _Dynamic(), _Slots()]
    own = jinja2.Environment().from_string(source).render(items=items)
    env = jinja2.Environment()
    Speedups().get(QuickMissing).install(env)
    assert "getattr" in vars(env)
    assert env.from_string(source).render(items=items) == own
    strict = jinja2.Environment(undefined=jinja2.StrictUndefined)
    Speedups().get(QuickMissing).install(strict)
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'meta'"):
        strict.from_string("{{ item.meta }}").render(item=_Plain())
