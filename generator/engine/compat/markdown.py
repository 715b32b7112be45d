"""Python-Markdown: its inline processor tries only the patterns a text can hold.

For each piece of text, Python-Markdown's `InlineProcessor` runs every inline pattern in turn
(about twenty: code spans, escapes, links, images, autolinks, HTML, entities, emphasis), each a
search of the whole text, and most find nothing: a text with no `*` has no emphasis. Here the
characters a match of each pattern can begin with are worked out from its parsed expression
(`compat.relex`, erring towards more), and a pattern none of whose starting characters is in an
ASCII text is passed over, as its search would find nothing. A text that is not all ASCII
runs every pattern. What a pattern that runs does, and the order of the patterns, are left as
they are, so the output is the same.

This leans on what Python-Markdown does not document: the loop of the processor's private
`__handleInline` (copied here, with the test added) and its private `__applyPattern`, which it
calls as the original does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

from .relex import ReadsStarts, look_into

if TYPE_CHECKING:
    from markdown import Markdown

# A page with what each kind of inline pattern matches, and text where none of them can.
_SAMPLE = (
    "# Title *em* and **strong**\n\nA [link](a.md) and [ref][r], ![img](i.png), <https://a.b>,"
    " <a@b.c>, `code`, \\*escaped\\*, &amp; &copy; <span>html</span>, _under_ __bold__ * not *"
    "  \nbreak, plain text with no markup at all.\n\n> quoted [x]\n\n- item `y`\n\n[r]: b.md\n"
)
_INLINE = "inline"


class InlineByStart(ReadsStarts):
    """Installs the inline processor that passes over patterns a text cannot start."""

    speedup = "passing over the inline patterns a text cannot match"
    library = "Markdown"
    verified = ("3.4", "3.12")  # checked with 3.11.3

    def install(self, md: Markdown) -> None:
        """Give `md` the inline processor that tries only the patterns a text can start."""
        if not self.usable():
            return
        processors = md.treeprocessors
        if _INLINE not in processors:
            return
        current = processors[_INLINE]
        if type(current) is not InlineProcessor:
            return  # an extension put its own in its place
        priority = next(item.priority for item in processors._priority if item.name == _INLINE)
        processors.register(_ByStart(md), _INLINE, priority)

    def self_check(self) -> str | None:
        handle = getattr(InlineProcessor, "_InlineProcessor__handleInline", None)
        apply = getattr(InlineProcessor, "_InlineProcessor__applyPattern", None)
        if not callable(handle) or not callable(apply):
            return "InlineProcessor has no __handleInline or __applyPattern"
        names = set(handle.__code__.co_names)
        if not {"inlinePatterns", "_InlineProcessor__applyPattern", "AtomicString"} <= names:
            return "InlineProcessor.__handleInline works another way"
        if not hasattr(markdown.Markdown().treeprocessors, "_priority"):
            return "a Registry keeps no _priority"
        plain = markdown.Markdown(extensions=["attr_list", "toc"])
        fast = markdown.Markdown(extensions=["attr_list", "toc"])
        fast.treeprocessors.register(_ByStart(fast), _INLINE, 20)
        if plain.convert(_SAMPLE) != fast.convert(_SAMPLE):
            return "a page converts differently"
        return None


class _ByStart(InlineProcessor):
    """`InlineProcessor`, passing over the patterns an ASCII text holds no start of."""

    # A pattern that can begin with more characters than this is always tried.
    MOST = 8

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        # Each pattern's starting characters (None: always tried), by position, for one run;
        # and by pattern object (kept, so that its id stays its own) for every run.
        self._starts: list[tuple[str, ...] | None] = []
        self._known: dict[int, tuple[Any, tuple[str, ...] | None]] = {}

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._starts = [self._starts_of(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _starts_of(self, pattern: Any) -> tuple[str, ...] | None:
        known = self._known.get(id(pattern))
        if known is not None and known[0] is pattern:
            return known[1]
        compiled = getattr(pattern, "compiled_re", None)
        starts = None
        if compiled is not None:
            found = look_into(compiled.match, compiled.flags)[0]
            starts = tuple(sorted(found)) if len(found) <= self.MOST else None
        self._known[id(pattern)] = (pattern, starts)
        return starts

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString):
            startIndex = 0
            count = len(self.inlinePatterns)
            # Placeholders are ASCII: a text that is ASCII stays so.
            starts = self._starts if data.isascii() and len(self._starts) == count else None
            while patternIndex < count:
                chars = starts[patternIndex] if starts is not None else None
                if chars is not None and not any(map(data.__contains__, chars)):
                    # what the pattern's search would return: no match, and from the start
                    patternIndex, startIndex = patternIndex + 1, 0
                    continue
                data, matched, startIndex = self._InlineProcessor__applyPattern(
                    self.inlinePatterns[patternIndex], data, patternIndex, startIndex
                )
                if not matched:
                    patternIndex += 1
        return data
