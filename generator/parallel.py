"""Work handed to forked processes while this one goes on with the rest.

Forking starts a worker in milliseconds with everything imported and loaded. It is only
done where it is safe: on a platform that has fork, from a process running one thread (a
forked child gets a copy of every lock, held or not).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether workers can be forked from this process now."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


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
