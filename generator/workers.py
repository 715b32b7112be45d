"""Work done in other processes: the one place that decides how workers start.

Forking starts a worker in milliseconds with everything imported and loaded, and hands it the
build's own objects as they are. It is only done where it is safe: on a platform that has
fork, from a process running one thread (a forked child gets a copy of every lock, held or
not). Elsewhere (under `mkdocs serve`, which runs other threads; where the platform has no
fork) workers are spawned: fresh interpreters, given pickled arguments. Work that needs the
build's objects as they are then runs in this process, and the first time that happens one
line says why.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

log = logging.getLogger("mkdocs.plugins.example_pages.workers")
# What MkDocs' plugin logger would put before each message.
PREFIX = "example_pages: "

State = TypeVar("State")
Payload = TypeVar("Payload")
Result = TypeVar("Result")


def default_workers() -> int:
    """One worker per core beyond the one this process keeps busy, at most four."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def why_not_fork() -> str | None:
    """Why workers cannot be forked from this process now, or None where they can."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this platform cannot fork"
    if threading.active_count() != 1:
        return "other threads are running (as under mkdocs serve), so forking is not safe"
    return None


class Workers:
    """How one site's work leaves this process; held by whoever builds (plugin, loader, CLI).

    `count`: the `workers` option (None: one per spare core where there is enough work; 0:
    none, which is a choice, not a fallback, and is not logged).
    """

    def __init__(self, count: int | None = None) -> None:
        self.count = count
        self._said = False
        self.frozen = False  # objects kept from the collector since a fork (see Pool.submit)

    def thaw(self) -> None:
        """The build is done: what was kept from the collector at a fork is collected again."""
        if self.frozen:
            self.frozen = False
            gc.unfreeze()

    def fallback(self, reason: str) -> None:
        """Say, once for this site, that work runs in this process, and why."""
        if not self._said:
            self._said = True
            log.info("%sworkers: running in this process because %s", PREFIX, reason)

    def size(self, *, enough: bool) -> int:
        """How many workers to start: the option, else `default_workers()` if `enough` work."""
        if self.count is not None:
            return max(0, self.count)
        return default_workers() if enough else 0

    def context(self, *, spawn_ok: bool) -> BaseContext | None:
        """How to start workers: fork where safe; spawn where not and `spawn_ok` (the work
        needs only what can be pickled); None: run the work here (said once, with why)."""
        reason = why_not_fork()
        if reason is None:
            return multiprocessing.get_context("fork")
        if spawn_ok:
            return multiprocessing.get_context("spawn")
        self.fallback(reason)
        return None

    def pool(
        self,
        context: BaseContext,
        state: Any,
        *,
        workers: int,
        start: Callable[[Any], Any] | None = None,
    ) -> Pool:
        """`workers` processes started with `context`, each holding `start(state)` (or `state`).

        A forked worker gets `state` as it is; a spawned one gets it pickled.
        """
        return Pool(self, context, state, workers=workers, start=start)


class Pool:
    """Worker processes, each holding one state, running `work(state, payload)` on request."""

    def __init__(
        self,
        owner: Workers,
        context: BaseContext,
        state: Any,
        *,
        workers: int,
        start: Callable[[Any], Any] | None = None,
    ) -> None:
        self.owner = owner
        self.context = context
        # With fork, the initializer's arguments reach the workers as they are, unpickled.
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_begin, initargs=(state, start)
        )
        self._started = False

    def submit(self, work: Callable[[Any, Any], Result], payload: Any) -> Future[Result]:
        """Run `work(state, payload)` in a worker; `work` is a module-level function."""
        if self._started or self.context.get_start_method() != "fork":
            return self.executor.submit(_call, work, payload)
        # The first task forks every worker. The objects that exist now are moved out of the
        # collector's reach: a child's collections then do not write to (and so copy) the
        # memory it shares with this process, and this process's own full collections skip
        # them for the rest of the build, until `Workers.thaw`.
        self._started = True
        gc.freeze()
        self.owner.frozen = True
        return self.executor.submit(_call, work, payload)

    def result(self, future: Future[Result]) -> Result | None:
        """`future`'s result; None (said once) where its worker failed: the caller does the
        work itself, as without workers."""
        try:
            return future.result()
        except Exception as e:
            self.owner.fallback(f"a worker failed ({type(e).__name__}: {e})")
            return None

    def close(self) -> None:
        """Cancel what no worker started, wait for the rest, and end the workers."""
        self.executor.shutdown(wait=True, cancel_futures=True)


# Inside a worker process only: the state its pool gave it. The process that builds never
# writes it; each worker is started for one pool of one build and ends with it.
_WORKER_STATE: list[Any] = []


def _begin(state: Any, start: Callable[[Any], Any] | None) -> None:
    _WORKER_STATE[:] = [start(state) if start is not None else state]


def _call(work: Callable[[Any, Any], Result], payload: Any) -> Result:
    return work(_WORKER_STATE[0], payload)
