"""Jinja2: attributes a theme's templates ask of objects that lack them, answered without
raising.

Material's templates ask every nav item for what some kinds of item have (`nav_item.typeset`,
`.meta`, `.pages`) and its theme settings for keys that are unset (`theme.icon`): about 450
such lookups per page of a large site. Jinja's `Environment.getattr` answers each by trying
the attribute, catching `AttributeError`, trying the item, catching that too, and returning an
undefined value: two exceptions, about twenty times the cost of an attribute that exists.

`QuickMissing` gives an environment a `getattr` that first asks, once per type and name,
whether the lookup can succeed at all: a type that defines neither the name, nor
`__getattr__`, nor its own `__getattribute__` can only have it in an instance's `__dict__`;
one without `__getitem__` cannot have it as an item. Where the answer is no, it returns the
undefined value Jinja would have made; for a plain `dict` it looks the key up as Jinja's
fallback does. Everything else is answered as Jinja's own method answers it. The answers are
kept for one environment, which MkDocs makes anew for every build: a class that gains an
attribute in the middle of rendering a site's pages would not be seen (no theme or plugin
does that).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import Adapter

_DICT_NAMES = frozenset(dir(dict))


class QuickMissing(Adapter):
    """Missing attributes in templates answered without exceptions (see the module)."""

    speedup = "quick missing attributes in templates"
    library = "jinja2"
    verified = ("3.1", "4")  # checked with 3.1.6

    def install(self, env: Any) -> None:
        """Give `env` (a `jinja2.Environment`, not a subclass) the quick `getattr`."""
        if not self.usable():
            return
        from jinja2 import Environment

        if type(env) is not Environment or "getattr" in vars(env):
            return  # a sandbox, or an environment whose lookups someone else changed
        env.getattr = quick_getattr(env)  # type: ignore[method-assign]

    def self_check(self) -> str | None:
        from jinja2 import Environment, Undefined

        env = Environment()
        quick = quick_getattr(env)

        class Plain:
            kept = 1

        class Dynamic:
            def __getattr__(self, name: str) -> str:
                return name

        class Items:
            def __getitem__(self, name: str) -> str:
                if name == "absent":
                    raise KeyError(name)
                return name * 2

        own = Plain()
        own.__dict__["mine"] = 2
        samples: list[tuple[Any, str]] = [
            (Plain(), "kept"),
            (Plain(), "missing"),
            (own, "mine"),
            (Dynamic(), "anything"),
            (Items(), "key"),
            (Items(), "absent"),
            ("text", "upper"),
            ("text", "absent"),
            ({"a": 1}, "a"),
            ({"a": 1}, "b"),
            ({"items": 3}, "items"),
            (Plain, "missing"),
            (Plain, "kept"),
        ]
        for obj, name in samples:
            for _ in range(2):  # the second time from what was kept
                got, expected = quick(obj, name), env.getattr(obj, name)
                if isinstance(expected, Undefined):
                    same = (
                        type(got) is type(expected)
                        and got._undefined_obj is expected._undefined_obj
                        and got._undefined_name == expected._undefined_name
                    )
                else:
                    same = got == expected and type(got) is type(expected)
                if not same:
                    return f"{type(obj).__name__}.{name} gave {got!r}, not {expected!r}"
        return None


def quick_getattr(env: Any) -> Any:
    """`env.getattr`, answering missing attributes of plain objects without exceptions."""
    original = env.getattr
    # (type, name) -> None: as Jinja's own method; "dict": the key; "undefined": missing
    known: dict[tuple[type, str], str | None] = {}

    def getattr_(obj: Any, attribute: str) -> Any:
        kind = type(obj)
        try:
            way = known[kind, attribute]
        except KeyError:
            way = known[kind, attribute] = _way(kind, attribute)
        except TypeError:  # an attribute name that is not hashable: Jinja's own errors
            return original(obj, attribute)
        if way is None:  # Jinja's own method, as Jinja 3.1 writes it, one call less deep
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return env.undefined(obj=obj, name=attribute)
        if way == "dict":
            try:
                return obj[attribute]
            except KeyError:
                return env.undefined(obj=obj, name=attribute)
        own = getattr(obj, "__dict__", None)
        if own is not None and attribute in own:
            return original(obj, attribute)
        return env.undefined(obj=obj, name=attribute)

    return getattr_


def _way(kind: type, attribute: str) -> str | None:
    if kind is dict:
        return None if attribute in _DICT_NAMES else "dict"
    if issubclass(kind, (type, ModuleType)) or not isinstance(attribute, str):
        return None
    if kind.__getattribute__ is not object.__getattribute__:
        return None
    for klass in kind.__mro__:
        names = vars(klass)
        if attribute in names or "__getattr__" in names or "__getitem__" in names:
            return None
    return "undefined"
