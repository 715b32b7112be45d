"""The AST symbol locator, the offline `symbol:` check, and finding a snippet within its symbol."""

from __future__ import annotations

import pytest

from example_pages.authoring.drift import Missing
from example_pages.authoring.symbols import Placed, Recovered, match, rebuild_in
from example_pages.checks.symbols import (
    NotFound,
    Span,
    definitions,
    find,
    snippet_problem,
    whole_definition,
)
from example_pages.content.models import Example, field_problem

MODULE = '''"""A module."""
import functools


def save(item):
    return item


@functools.lru_cache()
@register(
    "name",
)
def cached(key):
    return key


class Cart:
    """A cart."""

    class Line:
        def save(self):
            return 1

        async def refresh(self):
            await self.save()

    def save(self):
        return 2

    @property
    def total(self):
        return 0

    @total.setter
    def total(self, value):
        pass

    if True:
        def maybe(self):
            pass


async def fetch():
    def inner():
        return 3

    return inner()
'''


def test_every_definition_by_qualified_name() -> None:
    found = definitions(MODULE)
    assert list(found) == [
        "save",
        "cached",
        "Cart",
        "Cart.Line",
        "Cart.Line.save",
        "Cart.Line.refresh",
        "Cart.save",
        "Cart.total",
        "Cart.maybe",
        "fetch",
        "fetch.inner",
    ]


@pytest.mark.parametrize(
    ("name", "span"),
    [
        # the same name at three levels: each is its own symbol
        ("save", Span("save", "function", 5, 6, 5)),
        ("Cart.save", Span("Cart.save", "function", 27, 28, 27)),
        ("Cart.Line.save", Span("Cart.Line.save", "function", 21, 22, 21)),
        # decorators, a multi-line one too, belong to the definition
        ("cached", Span("cached", "function", 9, 14, 13)),
        ("Cart.Line.refresh", Span("Cart.Line.refresh", "function", 24, 25, 24)),
        ("Cart.Line", Span("Cart.Line", "class", 20, 25, 20)),
        # a property's getter and setter share a name: the first definition
        ("Cart.total", Span("Cart.total", "function", 30, 32, 31)),
        # a definition under `if` is still the class's
        ("Cart.maybe", Span("Cart.maybe", "function", 39, 40, 39)),
        ("fetch.inner", Span("fetch.inner", "function", 44, 45, 44)),
    ],
)
def test_find_a_symbol(name: str, span: Span) -> None:
    assert find(MODULE, name) == span


def test_a_missing_symbol_suggests_the_closest_names() -> None:
    missing = find(MODULE, "Cart.Line.sav")
    assert missing == NotFound(
        "the file defines no such function, class or method",
        ("Cart.Line.save", "Cart.Line", "Cart.Line.refresh"),
    )
    # a method named without its class: the methods of that name are offered
    assert find(MODULE, "refresh") == NotFound(
        "the file defines no such function, class or method", ("Cart.Line.refresh",)
    )
    assert find(MODULE, "Basket").hint() == (  # type: ignore[union-attr]
        "name a function, class or method the file defines, such as Class.method"
    )


def test_a_file_that_does_not_parse_says_so() -> None:
    missing = find("def broken(:\n", "broken")
    assert isinstance(missing, NotFound)
    assert missing.reason.startswith("the file does not parse (")


def test_the_snippet_must_hold_the_symbols_def_line() -> None:
    method = "    def save(self):\n        return 2\n"
    assert snippet_problem(method, "Cart.save") is None
    assert snippet_problem("class Cart:\n    # ...\n    def save(self):\n", "Cart.save") is None
    assert snippet_problem(method, "Cart.sav") == (
        "`symbol: Cart.sav` names no `def` or `class` line of the snippet, which defines only "
        "save; did you mean `symbol: Cart.save`?"
    )
    assert snippet_problem("x = save()\n", "save") == (
        "`symbol: save` names no `def` or `class` line of the snippet, which defines nothing; "
        "quote the symbol's definition, or correct `symbol`"
    )


def test_a_whole_definition_names_itself() -> None:
    assert whole_definition("@property\ndef total(self):\n    return 0\n") == "total"
    assert whole_definition("    async def refresh(self):\n        await x()\n") == "refresh"
    assert whole_definition("class A:\n    pass\n") == "A"
    assert whole_definition("import x\n\ndef f():\n    pass\n") is None
    assert whole_definition("def f():\n    # ...\n    return 1\n") is None
    assert whole_definition("f()\n") is None


def test_symbol_is_a_dotted_name() -> None:
    assert field_problem(Example.model_fields["symbol"].annotation, "Cart.save") is None
    assert field_problem(Example.model_fields["symbol"].annotation, "Cart.save()") == (
        "'Cart.save()' is not a function, class or method name; write it as the file defines "
        "it, with its classes: post_save_handler, MyModel or MyModel.save"
    )


SHIFTED = "import os\nimport sys\n\n\n" + MODULE


def test_a_snippet_is_found_within_its_symbol_wherever_it_moved() -> None:
    code = "    def save(self):\n        return 2\n"
    before, after = match(MODULE, "Cart.save", code), match(SHIFTED, "Cart.save", code)
    assert isinstance(before, Placed) and isinstance(after, Placed)
    assert (before.found.line, after.found.line) == (27, 31)
    assert after.span == Span("Cart.save", "function", 31, 32, 31)
    # the same lines inside another symbol are not this one's
    assert isinstance(match(MODULE, "Cart.Line.save", code), Missing)


def test_a_changed_symbol_is_rebuilt_from_its_own_lines() -> None:
    changed = SHIFTED.replace("        return 2\n", "        self.saved = True\n        return 2\n")
    code = "    def save(self):\n        # ...\n        return 2\n"
    found = rebuild_in(changed, "Cart.save", code, feature_version=(3, 8))
    assert isinstance(found, Recovered) and not found.whole
    # the author's own elision line stands for the same gap: it is kept
    assert found.rebuilt.code == code
    assert found.rebuilt.starts == (31, 33)
    # lines no longer in the symbol: the symbol quoted whole, as it is now
    gone_code = "    def save(self):\n        return 9\n"
    assert rebuild_in(changed, "Cart.save", gone_code, feature_version=(3, 8)) is None
    gone = rebuild_in(changed, "Cart.save", gone_code, feature_version=(3, 8), whole=True)
    assert isinstance(gone, Recovered) and gone.whole
    assert gone.rebuilt.code == "    def save(self):\n        self.saved = True\n        return 2\n"
    assert gone.rebuilt.starts == (31,)


def test_what_the_snippet_quotes_above_the_symbol_is_found_above_it() -> None:
    code = (
        "import functools\n# ...\nclass Cart:\n    # ...\n    def save(self):\n        return 2\n"
    )
    found = match(SHIFTED, "Cart.save", code)
    assert isinstance(found, Placed)
    assert (found.found.starts, found.found.line) == ((6, 21, 31), 6)
    # decorators and a blank line in the chunk that holds the `def`: right above it
    cached = '@register(\n    "name",\n)\ndef cached(key):\n    return key\n'
    found = match(SHIFTED, "cached", cached)
    assert isinstance(found, Placed) and found.found.starts == (14,)
    # a chunk that runs on into the `def` must be the lines right above it
    assert isinstance(match(SHIFTED, "cached", "import functools\ndef cached(key):\n"), Missing)
    # the snippet's `def` line must be the symbol's own, not a same-named one elsewhere
    other = "class Line:\n    def save(self):\n        return 1\n"
    assert isinstance(match(SHIFTED, "Cart.save", other), Missing)


def test_a_symbol_quoted_whole_keeps_the_imports_quoted_above_it() -> None:
    changed = SHIFTED.replace("        return 2\n", "        return 3\n")
    code = "import functools\n# ...\n    def save(self):\n        return 2\n"
    found = rebuild_in(changed, "Cart.save", code, feature_version=(3, 8), whole=True)
    assert isinstance(found, Recovered) and found.whole
    assert found.rebuilt.code == (
        "import functools\n# ...\n    def save(self):\n        return 3\n"
    )
    assert found.rebuilt.starts == (6, 31)
    # an import the file no longer has is left out; the others stay
    code = "import functools\nimport gone\n# ...\n    def save(self):\n        return 2\n"
    found = rebuild_in(changed, "Cart.save", code, feature_version=(3, 8), whole=True)
    assert isinstance(found, Recovered)
    assert found.rebuilt.code.startswith("import functools\n# ...\n    def save(self):\n")
