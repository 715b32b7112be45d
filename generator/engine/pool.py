"""Highlighting generated pages' code blocks in other processes while the build goes on.

Workers run the same Markdown preprocessors as a page render (fenced blocks are highlighted
there) and send back each highlighted block by key. They take the pages from the last one
backwards while the build renders from the first; when the build reaches a page, the batch
holding it is cancelled if no worker has started it, waited for if one has, and the page's
blocks are highlighted in place if they are not back. Either way a block's text is what the
highlighter returns for it, so the output does not depend on which process made it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from markdown import Markdown

from ..cache import Store
from .codeblocks import Blocks, CodeBlocksExtension

BATCH = 4
"""Pages per task: small enough that a page rarely waits long for a running batch."""

_worker: tuple[Markdown, Blocks] | None = None


def default_workers() -> int:
    """One worker per core beyond the one the build itself keeps busy, at most four."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def _start(extensions: list[Any], configs: dict[str, Any], store: Store) -> None:
    global _worker
    blocks = Blocks(store)
    md = Markdown(extensions=[*extensions, CodeBlocksExtension(blocks)], extension_configs=configs)
    _worker = (md, blocks)


def _highlight(texts: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    assert _worker is not None
    md, blocks = _worker
    blocks.record = {}
    blocks.counts = dict.fromkeys(blocks.counts, 0)
    for text in texts:
        md.reset()
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
    found, blocks.record = blocks.record, None
    return found, blocks.counts


class Pool:
    """Workers highlighting the code blocks of `pages` (src_uri -> Markdown) ahead of the build.

    `order` is the order the build renders them in. Call `reached(src_uri)` just before a
    page is rendered, and `close()` when the build ends.
    """

    def __init__(
        self,
        blocks: Blocks,
        pages: dict[str, str],
        order: list[str],
        *,
        extensions: list[Any],
        configs: dict[str, Any],
        workers: int,
    ) -> None:
        self.blocks = blocks
        # fork starts workers in milliseconds with everything imported; with other threads
        # running (mkdocs serve) forking is unsafe, so a fresh interpreter is started instead.
        method = "fork" if threading.active_count() == 1 else "spawn"
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_start,
            initargs=(extensions, configs, blocks.store),
        )
        self.batch_of: dict[str, Future[tuple[dict[str, str], dict[str, int]]]] = {}
        names = [name for name in order if name in pages]
        batches = [names[i : i + BATCH] for i in range(0, len(names), BATCH)]
        for batch in reversed(batches):
            future = self.executor.submit(_highlight, [pages[name] for name in batch])
            for name in batch:
                self.batch_of[name] = future

    def reached(self, src_uri: str) -> None:
        """Make the blocks of `src_uri` ready if a worker has them or is making them."""
        future = self.batch_of.pop(src_uri, None)
        if future is None or future.cancel():
            return
        try:
            found, counts = future.result()
        except Exception:  # the page is then highlighted in place, as without a pool
            return
        self.blocks.ready.update(found)
        self.blocks.counts["stored"] += counts["stored"]
        self.blocks.counts["made"] += counts["made"]
        self.blocks.counts["made by workers"] += counts["made"]
        # The rest of the batch's pages find their blocks already ready.
        for name, other in list(self.batch_of.items()):
            if other is future:
                del self.batch_of[name]

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.blocks.ready.clear()
