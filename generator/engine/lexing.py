"""Pygments' regex lexers, with each state's rules tried in one regular expression.

A `RegexLexer` tries the rules of its current state one after another, one Python call each,
until one matches at the position: for Python code, about thirty calls per token. Here the
rules are joined into one alternation, `(rule 1)|(rule 2)|...`, which `re` tries in the same
order at the same position, so the first rule that matches is the one Pygments would take,
and the tokens are the same.

The alternation also leaves out the rules that cannot match at the position: from each rule's
parsed pattern, the ASCII characters a match can begin with are worked out, erring towards
more. The rules a state keeps for a character (every rule at the end of the text and at
other characters) are joined when first needed, once for all the characters that keep the
same ones.

A rule that refers back to a group (its number changes in a joined pattern) and a very long
rule are tried on their own, in their place, with the pattern Pygments compiled; the rules
before and after them are joined. A rule's own flags, such as a leading `(?i)`, stay with it
as a scoped group.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Callable, Iterator
from typing import Any

from pygments.lexer import ExtendedRegexLexer, RegexLexer  # type: ignore[import-untyped]
from pygments.token import Error, Whitespace, _TokenType  # type: ignore[import-untyped]

Rule = tuple[Callable[..., Any], Any, Any]  # (match, action, new state), as Pygments keeps it
# A pattern to try: the match of joined rules and the rule of each group, or a rule's own.
Segment = tuple[Callable[..., Any], Any, Any]
Starts = frozenset[str]

_ASCII: Starts = frozenset(map(chr, range(128)))
_NOTHING: Starts = frozenset()
# A rule this long (a class of every letter in Unicode, say) takes milliseconds to compile:
# it is tried on its own, with the pattern Pygments compiled, rather than joined.
_LONG = 1000
_LEADING_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_GROUPREFS = {
    getattr(sre, name)
    for name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "GROUPREF_UNI_IGNORE")
    if hasattr(sre, name)
}
_REPEATS = {
    getattr(sre, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, n)
}
_CATEGORIES = {"DIGIT": r"\d", "SPACE": r"\s", "WORD": r"\w", "LINEBREAK": r"\n"}


def fast_lexer(lexer: Any) -> Any:
    """`lexer`, or a lexer of the same class and options that joins each state's rules.

    Only a plain `RegexLexer` is replaced: one that lexes its own way is returned as it is.
    """
    cls = type(lexer)
    if not isinstance(lexer, RegexLexer) or isinstance(lexer, ExtendedRegexLexer):
        return lexer
    if cls.get_tokens_unprocessed is not RegexLexer.get_tokens_unprocessed:
        return lexer
    joined = _JOINED.get(cls)
    if joined is None:
        meta: Any = type(cls)
        joined = _JOINED[cls] = meta(
            cls.__name__,
            (cls,),
            {
                "get_tokens_unprocessed": _get_tokens_unprocessed,
                "__module__": __name__,
                "__qualname__": f"joined.{cls.__qualname__}",
            },
        )
    return joined(**lexer.options)


_JOINED: dict[type, type] = {}
_TABLES: dict[type, _Table] = {}


def _get_tokens_unprocessed(self: Any, text: str, stack: Any = ("root",)) -> Iterator[Any]:
    """What `RegexLexer.get_tokens_unprocessed` yields, found with the joined rules."""
    table = _TABLES.get(type(self))
    if table is None:
        table = _TABLES[type(self)] = _Table(self._tokens, self.flags)
    found = table.found
    pos = 0
    end = len(text)
    statestack = list(stack)
    state = statestack[-1]
    while True:
        char = text[pos] if pos < end else ""
        segments = found.get((state, char))
        if segments is None:
            segments = table.entry(state, char)
        for match, groups, rule in segments:
            m = match(text, pos)
            if m is not None:
                rexmatch, action, new_state = rule if groups is None else groups[m.lastindex]
                if type(action) is _TokenType:
                    stop = m.end()
                    yield pos, action, text[pos:stop]
                    pos = stop
                else:
                    if groups is not None:  # the rule's own match: the action sees its groups
                        m = rexmatch(text, pos)
                    if action is not None:
                        yield from action(self, m)
                    pos = m.end()
                break
        else:
            m = None
        if m:
            if new_state is not None:
                if isinstance(new_state, tuple):
                    for name in new_state:
                        if name == "#pop":
                            if len(statestack) > 1:
                                statestack.pop()
                        elif name == "#push":
                            statestack.append(statestack[-1])
                        else:
                            statestack.append(name)
                elif isinstance(new_state, int):
                    # pop, but keep at least one state on the stack
                    if abs(new_state) >= len(statestack):
                        del statestack[1:]
                    else:
                        del statestack[new_state:]
                elif new_state == "#push":
                    statestack.append(statestack[-1])
                else:
                    raise AssertionError(f"wrong state def: {new_state!r}")
                state = statestack[-1]
            continue
        # No rule matched: what Pygments does then.
        if pos >= end:
            break
        if text[pos] == "\n":
            statestack = ["root"]
            state = "root"
            yield pos, Whitespace, "\n"
        else:
            yield pos, Error, text[pos]
        pos += 1


class _Table:
    """A lexer's patterns to try, by state and the character at the position; each state's
    rules are looked into when the state is first reached."""

    def __init__(self, tokens: dict[str, list[Rule]], flags: int) -> None:
        self.tokens = tokens
        self.flags = flags
        self.found: dict[tuple[str, str], list[Segment]] = {}
        self.joined: dict[tuple[str, tuple[int, ...]], list[Segment]] = {}
        self.starts: dict[str, list[Starts]] = {}
        # Per rule (states share rules): its starting characters, and the text that joins it.
        self.rule_starts: dict[int, Starts] = {}
        self.scoped: dict[int, str | None] = {}

    def entry(self, state: str, char: str) -> list[Segment]:
        if state not in self.starts:
            self.starts[state] = [self._starts(rule) for rule in self.tokens[state]]
        group = frozenset(char) if char in _ASCII else _ASCII
        chosen = tuple(index for index, starts in enumerate(self.starts[state]) if group & starts)
        # Characters that leave out the same rules share their compiled patterns.
        entry = self.joined.get((state, chosen))
        if entry is None:
            rules = self.tokens[state]
            entry = self.joined[state, chosen] = self._segments([rules[i] for i in chosen])
        self.found[state, char] = entry
        return entry

    def _starts(self, rule: Rule) -> Starts:
        starts = self.rule_starts.get(id(rule[0]))
        if starts is None:
            starts, self.scoped[id(rule[0])] = _look_into(rule[0], self.flags)
            self.rule_starts[id(rule[0])] = starts
        return starts

    def _segments(self, rules: list[Rule]) -> list[Segment]:
        """`rules` as patterns to try in turn: runs of rules joined, and each rule that cannot
        be joined, or is too long to compile again and again, on its own."""
        segments: list[Segment] = []
        run: list[Rule] = []
        for rule in rules:
            if self.scoped[id(rule[0])] is not None:
                run.append(rule)
                continue
            segments += self._joined(run)
            segments.append((rule[0], None, rule))
            run = []
        return segments + self._joined(run)

    def _joined(self, rules: list[Rule]) -> list[Segment]:
        if len(rules) < 2:
            return [(rule[0], None, rule) for rule in rules]
        parts, groups, number = [], {}, 1
        for rule in rules:
            pattern = _pattern(rule[0])
            assert pattern is not None  # every joinable rule has one
            parts.append(f"({self.scoped[id(rule[0])]})")
            groups[number] = rule
            number += 1 + pattern.groups
        try:
            return [(re.compile("|".join(parts), self.flags).match, groups, None)]
        except (re.error, RecursionError, OverflowError):
            return [(rule[0], None, rule) for rule in rules]


_FLAG_LETTERS = {
    "i": re.IGNORECASE, "L": re.LOCALE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE,
    "a": re.ASCII, "u": re.UNICODE,
}  # fmt: skip
_REMOVABLE = "imsx"


def _pattern(match: Callable[..., Any]) -> re.Pattern[str] | None:
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
    add = "".join(c for c, f in _FLAG_LETTERS.items() if pattern.flags & f and not joined & f)
    remove = "".join(c for c, f in _FLAG_LETTERS.items() if joined & f and not pattern.flags & f)
    if "u" in remove and "a" in add:  # ASCII in place of Unicode: saying `a` says both
        remove = remove.replace("u", "")
    if set(remove) - set(_REMOVABLE):
        return None
    # Python allows inline flags only at the start of a pattern: in the group, any other
    # would fail to compile, and the joined pattern's rules are then tried on their own.
    return f"(?{add}-{remove}:{body})" if remove else f"(?{add}:{body})"


def _look_into(match: Callable[..., Any], flags: int) -> tuple[Starts, str | None]:
    """A rule's starting characters, and its pattern as a group that matches the same inside
    a joined pattern compiled with `flags`: None if there is none (the rule refers back to a
    group), or if the rule is too long to be worth joining."""
    pattern = _pattern(match)
    if pattern is None:
        return _ASCII, None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        starts, empty = _sequence(parsed.data, parsed.state.flags)
        refers_back = _refers_back(parsed)
    except Exception:
        return _ASCII, None
    if refers_back or len(pattern.pattern) > _LONG:
        return (_ASCII if empty else frozenset(starts)), None
    return (_ASCII if empty else frozenset(starts)), _scoped(pattern, flags)


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
        return _ASCII, False
    return _ASCII, True  # anything else: assume it can begin anywhere, or be empty


def _literal(code: int, flags: int) -> Starts:
    if flags & sre.SRE_FLAG_LOCALE:
        return _ASCII
    if code >= 128:
        # Under IGNORECASE some other characters match ASCII ones (the Kelvin sign, k).
        return _ASCII if flags & sre.SRE_FLAG_IGNORECASE else _NOTHING
    char = chr(code)
    return (
        frozenset({char, char.swapcase()}) if flags & sre.SRE_FLAG_IGNORECASE else frozenset(char)
    )


def _charset(items: Any, flags: int) -> Starts:
    if flags & sre.SRE_FLAG_LOCALE:
        return _ASCII
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
                return _ASCII
            if av < 128:
                inside.add(chr(av))
                outside.add(chr(av))
        elif op is sre.RANGE:
            low, high = av
            if high >= 128 and ignore_case:
                return _ASCII
            chars = set(map(chr, range(low, min(high, 127) + 1)))
            inside |= chars
            outside |= chars
        elif op is sre.CATEGORY:
            least, most = _category(av)
            inside |= least
            outside |= most
        else:
            return _ASCII
    if ignore_case:
        if negate:
            return _ASCII
        outside |= {char.swapcase() for char in outside}
    return _ASCII - inside if negate else frozenset(outside)


def _category(category: Any) -> tuple[Starts, Starts]:
    """The ASCII characters a class such as `\\s` or `\\W` holds in both modes, and in either."""
    name = str(category)
    expression = next(rx for suffix, rx in _CATEGORIES.items() if name.endswith(suffix))
    unicode = {char for char in _ASCII if re.match(expression, char)}
    ascii = {char for char in _ASCII if re.match(expression, char, re.ASCII)}
    if "_NOT_" in name:
        return _ASCII - (unicode | ascii), _ASCII - (unicode & ascii)
    return frozenset(unicode & ascii), frozenset(unicode | ascii)
