"""Lexers with joined rules yield exactly the tokens Pygments' own lexers yield."""

from __future__ import annotations

import importlib
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pygments.lexer import RegexLexer, bygroups, default, this, using
from pygments.lexers import PythonConsoleLexer, get_lexer_by_name
from pygments.lexers._mapping import LEXERS
from pygments.token import Keyword, Name, String, Text

from example_pages.engine.compat import Speedups, pygments, relex
from example_pages.engine.compat.pygments import JoinedLexers
from tests.conftest import ROOT

STDLIB = Path(sys.modules["json"].__file__ or "").parent.parent
PYTHON_FILES = sorted(STDLIB.glob("*.py"))[::12]
ALPHABET = "abkKsSXYZ0197 \t\n\r\"'`#/*-+=<>!?&|\\()[]{}$@%^~.,;:_éß\u212a\u017f\x1c\x00"


def tokens(lexer: Any, text: str) -> Any:
    try:
        return list(lexer.get_tokens_unprocessed(text))
    except Exception as error:  # a lexer that fails must fail the same way
        return ("raised", type(error))


def _samples() -> list[str]:
    rnd = random.Random(14)
    texts = [
        (STDLIB / "json" / "decoder.py").read_text()[:1500],
        (ROOT / "README.md").read_text(encoding="utf-8")[:1500],
        '<html><body class="x">{% if a %}<script>var s = "a\\"b";</script>{{ b }}</body>\n',
    ]
    texts += ["".join(rnd.choice(ALPHABET) for _ in range(300)) for _ in range(2)]
    return texts


SAMPLES = _samples()
# One build's joined lexers, checked and on (a failed self-check fails every comparison below).
JOINED = Speedups().get(JoinedLexers)
fast_lexer = JOINED.fast


def test_the_joined_lexers_pass_their_self_check() -> None:
    assert JOINED.usable()
    assert JOINED.starts.usable()


MODULES: dict[str, list[str]] = defaultdict(list)
for _name, (_module, *_rest) in LEXERS.items():
    MODULES[_module].append(_name)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_pygments_lexer_yields_the_same_tokens(module: str) -> None:
    loaded = importlib.import_module(module)
    for name in MODULES[module]:
        lexer = getattr(loaded, name)()
        joined = fast_lexer(lexer)
        if joined is lexer:
            continue
        assert type(joined).__mro__[1] is type(lexer)
        for text in SAMPLES:
            assert tokens(joined, text) == tokens(lexer, text), (name, text[:40])


@pytest.mark.parametrize("name", ["python", "python2", "toml", "bash"])
def test_the_lexers_compared_here_are_replaced(name: str) -> None:
    """So the comparisons below compare two lexers, not one with itself."""
    lexer = get_lexer_by_name(name)
    joined = fast_lexer(lexer)
    assert joined is not lexer
    assert type(joined).__mro__[1] is type(lexer)
    assert type(joined).get_tokens_unprocessed is pygments._get_tokens_unprocessed


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: p.name)
def test_python_files_lex_the_same(path: Path) -> None:
    lexer = get_lexer_by_name("python")
    text = path.read_text(encoding="utf-8")
    assert list(fast_lexer(lexer).get_tokens(text)) == list(lexer.get_tokens(text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.lists(st.sampled_from([*ALPHABET, "def ", "rb'", 'f"{', '"""']), max_size=60).map(
        "".join
    )
)
def test_python_lexer_on_any_text(text: str) -> None:
    for name in ("python", "python2", "toml", "bash"):
        lexer = get_lexer_by_name(name)
        assert tokens(fast_lexer(lexer), text) == tokens(lexer, text)


class Quoted(RegexLexer):
    """A back reference, a callback and a state pushed by `using`."""

    name = "quoted"
    tokens = {  # noqa: RUF012 (Pygments' own convention)
        "root": [
            (r"(['\"])(.*?)\1", String),
            (r"(\w+)(=)", bygroups(Name.Attribute, Text)),
            (r"\[", Text, "inner"),
            (r"\w+", Name),
            (r"\s+", Text),
        ],
        "inner": [
            (r"\]", Text, "#pop"),
            (r"<([^>]*)>", using(this, state="root")),
            (r"[^\]<]+", Text),
            default("#pop"),
        ],
    }


@pytest.mark.parametrize(
    "text", ["a='x' \"y\" 'z\"", "SELECT Select selectx", "k=v [ a <b='c'> ] ]", "\u212a [ \n"]
)
def test_rules_that_cannot_be_joined_are_tried_one_by_one(text: str) -> None:
    joined = fast_lexer(Quoted())
    assert tokens(joined, text) == tokens(Quoted(), text)
    tokens(joined, "[ x ]")
    table = pygments.table_of(joined)
    rules = [rule for state in ("root", "inner") for rule in type(joined)._tokens[state]]
    assert [table.scoped[id(rule[0])] is not None for rule in rules] == [False] + [True] * 8
    # where every rule can match (at a character beyond ASCII), the one with a back reference
    # is tried on its own, then the others joined
    assert [groups is None for _m, groups, _r in table.entry("root", "é")] == [True, False]


class Flagged(RegexLexer):
    """Rules with leading inline flags, which apply to the rule alone."""

    name = "flagged"
    tokens = {  # noqa: RUF012
        "root": [
            (r"(?i)select\b", Keyword),
            (r"(?s)<.*?>", String),
            (r"\w+", Name),
            (r"\s+", Text),
        ],
    }


@pytest.mark.parametrize("text", ["SELECT Select selectx \u212a", "<a\nb> select <c>", "x\n"])
def test_leading_flags_stay_with_their_rule(text: str) -> None:
    joined = fast_lexer(Flagged())
    assert tokens(joined, text) == tokens(Flagged(), text)
    table = pygments.table_of(joined)
    assert [len(groups) for _match, groups, _rule in table.entry("root", "s")] == [2]


class Commented(RegexLexer):
    """A verbose rule that ends in a comment: inside a group, the comment takes the `)`."""

    name = "commented"
    tokens = {  # noqa: RUF012
        "root": [
            (r"(?x) a b  # the letters a and b", Name),
            (r"\s+", Text),
            (r"\w", Text),
        ],
    }


def test_a_joined_pattern_that_does_not_compile_tries_its_rules_alone() -> None:
    text = "ab a b abab\n"
    joined = fast_lexer(Commented())
    assert tokens(joined, text) == tokens(Commented(), text)
    segments = pygments.table_of(joined).found["root", "a"]
    assert [groups for _match, groups, _rule in segments] == [None, None]


def test_lexers_that_lex_their_own_way_are_kept() -> None:
    console = PythonConsoleLexer()
    assert fast_lexer(console) is console
    yaml = get_lexer_by_name("yaml")  # an ExtendedRegexLexer
    assert fast_lexer(yaml) is yaml
    assert fast_lexer(None) is None


def test_options_are_kept() -> None:
    lexer = get_lexer_by_name("python", stripnl=False, tabsize=4)
    joined = fast_lexer(lexer)
    assert joined.options == lexer.options
    text = "\n\tx = 1\n\n"
    assert list(joined.get_tokens(text)) == list(lexer.get_tokens(text))


# The starting characters worked out for a rule must include every character a match can
# begin with: random patterns, random texts.
_ATOMS = st.sampled_from(
    [
        "a", "K", "k", "s", "\u212a", "\u017f", "é", "_", r"\.", r"\n", ".", r"\s", r"\S", r"\w",
        r"\W", r"\d", r"\D", "[ak]", "[^ak]", r"[^\S\n]", r"[\s\d]", "[a-f]", "[^a-f]", "[é-ü]",
        "[^é]", "^", "$", r"\b", r"\B", r"\A", "",
    ]
)  # fmt: skip


def _combine(children: Any) -> Any:
    return st.one_of(
        st.tuples(children, children).map("".join),
        st.tuples(children, children).map(lambda p: f"(?:{p[0]}|{p[1]})"),
        st.tuples(children, st.sampled_from(["*", "+", "?", "{0,2}", "{2}", "*?"])).map(
            lambda p: f"(?:{p[0]}){p[1]}"
        ),
        st.tuples(st.sampled_from(["(?i:", "(?=", "(?!", "(?<=a)(?:", "(", "(?a:"]), children).map(
            lambda p: f"{p[0]}{p[1]})"
        ),
    )


PATTERNS = st.recursive(_ATOMS, _combine, max_leaves=6)
PREFIX = st.sampled_from(["", "(?i)", "(?a)", "(?s)", "(?m)"])


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(prefix=PREFIX, body=PATTERNS, texts=st.lists(st.text(ALPHABET, max_size=4), max_size=8))
def test_starting_characters_include_every_match(prefix: str, body: str, texts: list[str]) -> None:
    try:
        pattern = re.compile(prefix + body)
    except re.error:
        assume(False)
    starts, _group = relex.look_into(pattern.match, 0)
    for text in texts:
        for before in ("", "a", "\n"):
            if text and text[0] in relex.ASCII and pattern.match(before + text, len(before)):
                assert text[0] in starts, (pattern.pattern, before, text)
    for char in map(chr, range(128)):
        if pattern.match(char + "a"):
            assert char in starts, (pattern.pattern, char)
