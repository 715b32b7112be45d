"""Highlighted code blocks reused across pages, processes and builds.

`CodeBlocksExtension`, loaded after `pymdownx.highlight`, makes its highlighter look a block up
before running Pygments (`compat.pymdownx`): first among the blocks worker processes highlighted
ahead of the page, then in the persistent store. A block is known by the exact arguments and
settings of the highlight call, so a reused block is the text that call would have returned.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension

from ..cache import Store
from .compat import Speedups
from .compat.markdown import InlineByStart
from .compat.pygments import JoinedLexers
from .compat.pymdownx import CachedHighlighter


class Blocks:
    """The highlighted blocks a build shares: ready ones by key, and the persistent store."""

    def __init__(self, store: Store, speedups: Speedups) -> None:
        self.store = store
        self.ready: dict[str, str] = {}
        # In a worker: every block highlighted since the last reset, to send back.
        self.record: dict[str, str] | None = None
        # Blocks read from the store and highlighted, here and by the workers that handed theirs
        # over; and how many of the highlighted ones a worker made.
        self.counts = {"stored": 0, "made": 0, "made by workers": 0}
        self.joined = speedups.get(JoinedLexers)
        self.highlighter = speedups.get(CachedHighlighter)
        self.inline = speedups.get(InlineByStart)


class CodeBlocksExtension(Extension):
    """Reuses highlighted blocks from `blocks`; list it after `pymdownx.highlight`."""

    def __init__(self, blocks: Blocks) -> None:
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md: Markdown) -> None:
        self.blocks.highlighter.install(md, self.blocks)
        self.blocks.inline.install(md)
