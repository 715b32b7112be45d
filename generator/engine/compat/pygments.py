"""Pygments: regex lexers with each state's rules tried in one regular expression.

A `RegexLexer` tries the rules of its current state one after another, one Python call each,
until one matches at the position: for Python code, about thirty calls per token. Here the
rules are joined into one alternation, `(rule 1)|(rule 2)|...`, which `re` tries in the same
order at the same position, so the first rule that matches is the one Pygments would take,
and the tokens are the same.

The alternation also leaves out the rules that cannot match at the position: from each rule's
parsed pattern (`compat.relex`), the ASCII characters a match can begin with are worked out,
erring towards more. The rules a state keeps for a character (every rule at the end of the
text and at other characters) are joined when first needed, once for all the characters that
keep the same ones.

A rule that refers back to a group (its number changes in a joined pattern) and a very long
rule are tried on their own, in their place, with the pattern Pygments compiled; the rules
before and after them are joined. A rule's own flags, such as a leading `(?i)`, stay with it
as a scoped group.

This leans on what Pygments does not document: a lexer class's compiled rules (`_tokens`), the
loop of `RegexLexer.get_tokens_unprocessed` (copied here), and token types being exactly
`_TokenType`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pygments.lexer import ExtendedRegexLexer, RegexLexer  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.token import Error, Whitespace, _TokenType  # type: ignore[import-untyped]

from .relex import ASCII, ReadsStarts, Starts, look_into, pattern_of

Rule = tuple[Callable[..., Any], Any, Any]  # (match, action, new state), as Pygments keeps it
# A pattern to try: the match of joined rules and the rule of each group, or a rule's own.
Segment = tuple[Callable[..., Any], Any, Any]

# Small and common: the states it reaches are the ones real snippets need first, so the tables
# the check builds serve the build.
_SAMPLE = (
    'import os\n\n\n@dec\ndef f(x=1, *a):\n    """Doc."""\n'
    '    return os.path.join(x, "a", 0x1F)  # c\n'
)


class JoinedLexers(ReadsStarts):
    """Joined lexers of one build, each lexer class joined once (with its rule tables)."""

    speedup = "joined Pygments lexers"
    library = "Pygments"
    verified = ("2.14", "3")  # checked with 2.21.0; the self-check covers each release

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self.joined: dict[type, type] = {}

    def fast(self, lexer: Any) -> Any:
        """`lexer`, or a lexer of the same class and options that joins each state's rules.

        Only a plain `RegexLexer` is replaced: one that lexes its own way is returned as it is,
        and so is every lexer when the speedup is off.
        """
        if not self.usable():
            return lexer
        return self._join(lexer)

    def self_check(self) -> str | None:
        lexer = get_lexer_by_name("python")
        joined = self._join(lexer)
        if type(joined) is type(lexer):
            return "the Python lexer is not a plain RegexLexer"
        if list(joined.get_tokens(_SAMPLE)) != list(lexer.get_tokens(_SAMPLE)):
            return "the joined Python lexer's tokens differ from Pygments' own"
        return None

    def _join(self, lexer: Any) -> Any:
        cls = type(lexer)
        if not isinstance(lexer, RegexLexer) or isinstance(lexer, ExtendedRegexLexer):
            return lexer
        if cls.get_tokens_unprocessed is not RegexLexer.get_tokens_unprocessed:
            return lexer
        joined = self.joined.get(cls)
        if joined is None:
            meta: Any = type(cls)
            joined = self.joined[cls] = meta(
                cls.__name__,
                (cls,),
                {
                    "get_tokens_unprocessed": _get_tokens_unprocessed,
                    "example_pages_table": None,
                    "__module__": __name__,
                    "__qualname__": f"joined.{cls.__qualname__}",
                },
            )
        return joined(**lexer.options)


def table_of(lexer: Any) -> _Table | None:
    """The rule table of a joined lexer's class, once it has lexed something."""
    return getattr(type(lexer), "example_pages_table", None)


def _get_tokens_unprocessed(self: Any, text: str, stack: Any = ("root",)) -> Iterator[Any]:
    """What `RegexLexer.get_tokens_unprocessed` yields, found with the joined rules."""
    table = self.example_pages_table
    if table is None:
        # The rules Pygments compiled for the class; a class attribute it does not document.
        table = type(self).example_pages_table = _Table(self._tokens, self.flags)
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
        group = frozenset(char) if char in ASCII else ASCII
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
            starts, self.scoped[id(rule[0])] = look_into(rule[0], self.flags)
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
            pattern = pattern_of(rule[0])
            assert pattern is not None  # every joinable rule has one
            parts.append(f"({self.scoped[id(rule[0])]})")
            groups[number] = rule
            number += 1 + pattern.groups
        try:
            return [(re.compile("|".join(parts), self.flags).match, groups, None)]
        except (re.error, RecursionError, OverflowError):
            return [(rule[0], None, rule) for rule in rules]
