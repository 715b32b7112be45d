"""`re`: the characters a match of a compiled pattern can begin with, from its parse tree.

`re._parser` and `re._constants` are the regular expression compiler's own modules (named
`sre_parse` and `sre_constants` before Python 3.11); what `parse` returns is not documented. The
joined lexers (`compat.pygments`) use the starting characters to leave out the rules that
cannot match at a position. The analysis errs towards more characters: anything it does not
know is taken to begin anywhere.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Callable
from typing import Any

from . import Adapter

Starts = frozenset[str]

ASCII: Starts = frozenset(map(chr, range(128)))
_NOTHING: Starts = frozenset()
# A rule this long (a class of every letter in Unicode, say) takes milliseconds to compile:
# it is tried on its own, with the pattern Pygments compiled, rather than joined.
_LONG = 1000
_LEADING_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_GROUPREFS = frozenset(
    getattr(sre, name)
    for name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "GROUPREF_UNI_IGNORE")
    if hasattr(sre, name)
)
_REPEATS = frozenset(
    getattr(sre, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, n)
)
_CATEGORIES = (("DIGIT", r"\d"), ("SPACE", r"\s"), ("WORD", r"\w"), ("LINEBREAK", r"\n"))
# (pattern, flags, its starting characters or None for anywhere, whether it joins)
_CHECKS: tuple[tuple[str, int, str | None, bool], ...] = (
    (r"ab|c", 0, "ac", True),
    (r"(?i)x[0-9]", 0, "xX", True),
    (r"[^a]", 0, None, True),
    (r"\s*def", 0, " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1fd", True),
    (r"(a)\1", 0, "a", False),
    (r"(?:#|//)+", 0, "#/", True),
)


class PatternStarts(Adapter):
    """Reads compiled patterns' parse trees; `look_into` is usable when `usable()` is true."""

    speedup = "joining Pygments' rules by their starting characters"
    library = "python"
    verified = ("3.11", "3.15")  # checked with 3.11; `re._parser` is new in 3.11

    def self_check(self) -> str | None:
        for pattern, flags, expected, joins in _CHECKS:
            starts, scoped = look_into(re.compile(pattern, flags).match, 0)
            wanted = ASCII if expected is None else frozenset(expected)
            if starts != wanted or (scoped is not None) != joins:
                return f"the pattern {pattern!r} was read wrong"
        return None


class ReadsStarts(Adapter):
    """An adapter that reads patterns' starting characters: usable only where reading them
    (`PatternStarts`) is."""

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self.starts = PatternStarts(enabled=enabled)

    def usable(self) -> bool:
        return self.starts.usable() and super().usable()


_FLAG_LETTERS = (
    ("i", re.IGNORECASE), ("L", re.LOCALE), ("m", re.MULTILINE), ("s", re.DOTALL),
    ("x", re.VERBOSE), ("a", re.ASCII), ("u", re.UNICODE),
)  # fmt: skip
_REMOVABLE = "imsx"


def pattern_of(match: Callable[..., Any]) -> re.Pattern[str] | None:
    pattern = getattr(match, "__self__", None)
    return pattern if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str) else None


def _scoped(pattern: re.Pattern[str], flags: int) -> str | None:
    """`pattern` as a group that keeps its own flags inside a pattern compiled with `flags`.

    A rule is compiled with its lexer's flags and its leading inline ones, such as `(?i)`; a
    `default()` rule with none. None if the group cannot say so.
    """
    body = pattern.pattern
    leading = _LEADING_FLAGS.match(body)
    if leading:
        body = body[leading.end() :]
    joined = re.compile("", flags).flags  # with Unicode (or ASCII) made explicit
    add = "".join(c for c, f in _FLAG_LETTERS if pattern.flags & f and not joined & f)
    remove = "".join(c for c, f in _FLAG_LETTERS if joined & f and not pattern.flags & f)
    if "u" in remove and "a" in add:  # ASCII in place of Unicode: saying `a` says both
        remove = remove.replace("u", "")
    if set(remove) - set(_REMOVABLE):
        return None
    # Python allows inline flags only at the start of a pattern: in the group, any other
    # would fail to compile, and the joined pattern's rules are then tried on their own.
    return f"(?{add}-{remove}:{body})" if remove else f"(?{add}:{body})"


def look_into(match: Callable[..., Any], flags: int) -> tuple[Starts, str | None]:
    """A rule's starting characters, and its pattern as a group that matches the same inside
    a joined pattern compiled with `flags`: None if there is none (the rule refers back to a
    group), or if the rule is too long to be worth joining."""
    pattern = pattern_of(match)
    if pattern is None:
        return ASCII, None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        starts, empty = _sequence(parsed.data, parsed.state.flags)
        refers_back = _refers_back(parsed)
    except Exception:
        return ASCII, None
    if refers_back or len(pattern.pattern) > _LONG:
        return (ASCII if empty else frozenset(starts)), None
    return (ASCII if empty else frozenset(starts)), _scoped(pattern, flags)


def _refers_back(part: Any) -> bool:
    """Whether a parsed pattern refers to a group (its number changes in a joined pattern)."""
    if isinstance(part, sre_parse.SubPattern):
        return any(op in _GROUPREFS or _refers_back(av) for op, av in part.data)
    if isinstance(part, (list, tuple)):
        return any(_refers_back(item) for item in part)
    return False


def _sequence(items: Any, flags: int) -> tuple[set[str], bool]:
    """The characters a match of `items` can begin with, and whether it can be empty."""
    starts: set[str] = set()
    for op, av in items:
        first, empty = _item(op, av, flags)
        starts |= first
        if not empty:
            return starts, False
    return starts, True


def _item(op: Any, av: Any, flags: int) -> tuple[Starts | set[str], bool]:
    if op is sre.LITERAL:
        return _literal(av, flags), False
    if op is sre.IN:
        return _charset(av, flags), False
    if op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:
        return _NOTHING, True  # takes no character; what follows decides
    if op is sre.BRANCH:
        starts: set[str] = set()
        empty = False
        for branch in av[1]:
            first, can_be_empty = _sequence(branch, flags)
            starts |= first
            empty = empty or can_be_empty
        return starts, empty
    if op is sre.SUBPATTERN:
        _group, add, remove, items = av
        return _sequence(items, (flags | add) & ~remove)
    if op in _REPEATS:
        low, _high, items = av
        first, empty = _sequence(items, flags)
        return first, empty or low == 0
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, flags)
    if op is sre.NOT_LITERAL or op is sre.ANY:
        return ASCII, False
    return ASCII, True  # anything else: assume it can begin anywhere, or be empty


def _literal(code: int, flags: int) -> Starts:
    if flags & sre.SRE_FLAG_LOCALE:
        return ASCII
    if code >= 128:
        # Under IGNORECASE some other characters match ASCII ones (the Kelvin sign, k).
        return ASCII if flags & sre.SRE_FLAG_IGNORECASE else _NOTHING
    char = chr(code)
    return (
        frozenset({char, char.swapcase()}) if flags & sre.SRE_FLAG_IGNORECASE else frozenset(char)
    )


def _charset(items: Any, flags: int) -> Starts:
    if flags & sre.SRE_FLAG_LOCALE:
        return ASCII
    ignore_case = flags & sre.SRE_FLAG_IGNORECASE
    negate = False
    # At least the characters of `inside` are in the set, at most those of `outside`: the
    # classes such as \s differ between Unicode and ASCII mode.
    inside: set[str] = set()
    outside: set[str] = set()
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            if av >= 128 and ignore_case:
                return ASCII
            if av < 128:
                inside.add(chr(av))
                outside.add(chr(av))
        elif op is sre.RANGE:
            low, high = av
            if high >= 128 and ignore_case:
                return ASCII
            chars = set(map(chr, range(low, min(high, 127) + 1)))
            inside |= chars
            outside |= chars
        elif op is sre.CATEGORY:
            least, most = _category(av)
            inside |= least
            outside |= most
        else:
            return ASCII
    if ignore_case:
        if negate:
            return ASCII
        outside |= {char.swapcase() for char in outside}
    return ASCII - inside if negate else frozenset(outside)


def _category(category: Any) -> tuple[Starts, Starts]:
    """The ASCII characters a class such as `\\s` or `\\W` holds in both modes, and in either."""
    name = str(category)
    expression = next(rx for suffix, rx in _CATEGORIES if name.endswith(suffix))
    unicode = {char for char in ASCII if re.match(expression, char)}
    ascii = {char for char in ASCII if re.match(expression, char, re.ASCII)}
    if "_NOT_" in name:
        return ASCII - (unicode | ascii), ASCII - (unicode & ascii)
    return frozenset(unicode & ascii), frozenset(unicode | ascii)
