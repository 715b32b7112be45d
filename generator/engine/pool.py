"""Work on generated pages done in worker processes, ahead of the build reaching each page.

The pages are cut into small batches that the workers take from the last one backwards,
while the build goes through the pages from the first. When the build reaches a page, the
batch holding it is cancelled if no worker has started it (the build then does the page
itself), waited for if one has, and its results are handed over. Whichever process does a
page, the result is what the same code returns for the same input, so the output does not
depend on the split.

The workers come from `workers`: forked ones see the build's own objects and convert whole
pages (`speedup`); spawned ones (under `mkdocs serve`) only highlight code blocks (here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from markdown import Markdown

from ..cache import Store
from ..workers import Pool
from .codeblocks import Blocks, CodeBlocksExtension
from .compat import Speedups
from .compat.pymdownx import highlight_blocks

BATCH = 4
"""Pages per task: small enough that a page rarely waits long for a running batch."""

Result = TypeVar("Result")


class Ahead(Generic[Result]):
    """`pool`'s workers running `work(state, payload)` for each batch of named pages, last
    batch first.

    `batches` are (names, payload) in the order the build reaches the names. Call
    `reached(name)` just before the build does that page, and `close()` when it is done.
    """

    def __init__(
        self,
        pool: Pool,
        work: Callable[[Any, Any], Result],
        batches: Sequence[tuple[Sequence[str], Any]],
    ) -> None:
        self.pool = pool
        self.batch_of: dict[str, Future[Result]] = {}
        for names, payload in reversed(batches):
            future = pool.submit(work, payload)
            for name in names:
                self.batch_of[name] = future

    def reached(self, name: str) -> Result | None:
        """The result of the batch holding `name`, if a worker has done it or is doing it.

        None if no worker started it (it is cancelled), if it failed (said once), or if it was
        handed over already (with an earlier page of its batch).
        """
        future = self.batch_of.pop(name, None)
        if future is None or future.cancel():
            return None
        for other, batch in list(self.batch_of.items()):
            if batch is future:
                del self.batch_of[other]
        return self.pool.result(future)

    def close(self) -> None:
        self.pool.close()


def batches(
    names: Sequence[str], payload: Callable[[list[str]], Any]
) -> list[tuple[list[str], Any]]:
    """`names` cut into batches of `BATCH`, each with `payload(batch)`."""
    cut = [list(names[i : i + BATCH]) for i in range(0, len(names), BATCH)]
    return [(batch, payload(batch)) for batch in cut]


# Highlighting code blocks in a fresh interpreter: the worker runs the same Markdown
# preprocessors as a page render (fenced blocks are highlighted there) and hands over each
# highlighted block by key.

Highlighter = tuple[Markdown, Blocks]


def start_highlighter(state: tuple[list[Any], dict[str, Any], Store, bool]) -> Highlighter:
    """In a worker: the Markdown instance and blocks that highlight pages' code blocks.

    `state`: the extensions' names, their settings, the store, and whether speedups are on.
    """
    extensions, configs, store, speedups = state
    blocks = Blocks(store, Speedups(enabled=speedups))
    md = Markdown(extensions=[*extensions, CodeBlocksExtension(blocks)], extension_configs=configs)
    return md, blocks


def highlight(highlighter: Highlighter, texts: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    """The blocks of the pages `texts`, by key, and the worker's counts for them."""
    md, blocks = highlighter
    blocks.record = {}
    blocks.counts = dict.fromkeys(blocks.counts, 0)
    highlight_blocks(md, texts)
    found, blocks.record = blocks.record, None
    return found, blocks.counts
