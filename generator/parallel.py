"""Work handed to forked processes while this one goes on with the rest.

Forking starts a worker in milliseconds with everything imported and loaded. It is only
done where it is safe: on a platform that has fork, from a process running one thread (a
forked child gets a copy of every lock, held or not).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether workers can be forked from this process now (and, if so, ready to)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1:
        return False
    _freeze_around_forks()
    return True


_frozen: list[bool] = []


def _freeze_around_forks() -> None:
    """From now on, every fork moves the objects that exist out of the collector's reach in
    the child: its collections then do not write to, and so copy, the memory it shares with
    this process. This process gets them back right after the fork."""
    if not _frozen:
        _frozen.append(True)
        os.register_at_fork(before=gc.freeze, after_in_parent=gc.unfreeze)


def default_workers() -> int:
    """One worker per core beyond the one this process keeps busy, at most four."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


class Ahead(Generic[Part, Result]):
    """`work(part)` for each part, each in a forked worker, until `results()` is asked for."""

    def __init__(self, work: Callable[[Part], Result], parts: Sequence[Part]) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=len(parts), mp_context=multiprocessing.get_context("fork")
        )
        self._futures: list[Future[Result]] = [self._executor.submit(work, p) for p in parts]

    def results(self) -> list[Result | None]:
        """Each part's result, None for a part whose worker failed (the caller does it)."""
        found: list[Result | None] = []
        for future in self._futures:
            try:
                found.append(future.result())
            except Exception:
                found.append(None)
        self._executor.shutdown(wait=True)
        return found
