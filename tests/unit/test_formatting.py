"""Highlighted lines formatted by runs of tokens (`compat.pygments.QuickLines`) are Pygments'
own lines, and templates' missing attributes (`compat.jinja.QuickMissing`) Jinja's own."""

from __future__ import annotations

import os
from typing import Any

import jinja2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, String, Text, Token

from example_pages.engine.compat import Speedups
from example_pages.engine.compat.jinja import QuickMissing, quick_getattr
from example_pages.engine.compat.pygments import QuickLines
from tests.conftest import ROOT

TYPES = [Text, Text.Whitespace, Keyword, Name, Name.Function, String, Comment, Token.Unknown.X]
VALUES = ["", "\n", "x", "ab", " ", "&", "<b>", '"', "a\nb", "\n\n", "x\n", "\ny", "\t"]
TOKENS = st.lists(st.tuples(st.sampled_from(TYPES), st.sampled_from(VALUES)), max_size=40)
OPTIONS = [
    {},
    {"linenos": "table"},
    {"linenos": "inline", "hl_lines": [1, 3]},
    {"lineseparator": "<br>"},
    {"cssclass": "code", "classprefix": "x-"},
    {"noclasses": True},  # Pygments' own method, kept
    {"debug_token_types": True},
]


def _quick(options: dict[str, Any]) -> HtmlFormatter:
    methods = Speedups().get(QuickLines).methods(HtmlFormatter)
    assert methods, "the speedup is on with the installed Pygments"
    return type("Quick", (HtmlFormatter,), methods)(**options)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(TOKENS, st.sampled_from(OPTIONS))
@example([(Name, "a"), (Text, ""), (Name, "b"), (Text, "\n"), (Name, "c")], {})
@example([(Name, "a\n"), (Name, "\nb"), (Keyword, "")], {"hl_lines": [2]})
def test_lines_are_pygments_own(tokens: list[tuple[Any, str]], options: dict[str, Any]) -> None:
    own = list(HtmlFormatter(**options)._format_lines(iter(tokens)))
    assert list(_quick(options)._format_lines(iter(tokens))) == own


@pytest.mark.parametrize("name", ["python", "yaml", "html", "bash"])
def test_whole_files_highlight_as_pygments_does(name: str) -> None:
    source = {
        "python": ROOT / "generator" / "engine" / "plugin.py",
        "yaml": ROOT / "mkdocs.yml",
        "html": ROOT / "overrides" / "main.html",
        "bash": ROOT / "scripts" / "setup",
    }[name]
    code = source.read_text(encoding="utf-8")
    lexer = get_lexer_by_name(name)
    for options in OPTIONS:
        own = highlight(code, lexer, HtmlFormatter(**options))
        assert highlight(code, lexer, _quick(options)) == own, options


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
