"""The one worker pool: forked workers get the state as it is, a failed worker is said once."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from typing import Any

import pytest

from example_pages.workers import Workers


def _apply(state: Any, payload: int) -> tuple[int, int]:
    return state(payload), os.getpid()


def _fail(state: Any, payload: int) -> int:
    raise ValueError(f"no page {payload}")


def _started(state: int) -> Any:
    return lambda payload: state + payload


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking allowed although the test runner's own threads run (pytest-xdist's channel):
    these tests are about forked workers, not about when to fork (tests/unit/test_state.py)."""
    monkeypatch.setattr("example_pages.workers.why_not_fork", lambda: None)


@pytest.mark.usefixtures("forkable")
def test_forked_workers_get_the_state_unpickled() -> None:
    workers = Workers()
    fork = workers.context(spawn_ok=False)
    assert fork is not None and fork.get_start_method() == "fork"
    pool = workers.pool(fork, lambda payload: payload * 2, workers=2)  # a lambda: not picklable
    try:
        results = [pool.result(pool.submit(_apply, n)) for n in range(4)]
    finally:
        pool.close()
    assert [r[0] for r in results if r is not None] == [0, 2, 4, 6]
    assert all(r is not None and r[1] != os.getpid() for r in results)


@pytest.mark.usefixtures("forkable")
def test_what_exists_at_the_fork_is_kept_from_the_collector_until_thawed() -> None:
    gc.unfreeze()
    workers = Workers()
    fork = workers.context(spawn_ok=False)
    assert fork is not None
    pool = workers.pool(fork, lambda payload: payload, workers=1)
    try:
        assert pool.result(pool.submit(_apply, 1)) is not None
        # kept for the rest of the build: this process's full collections skip them
        assert gc.get_freeze_count() > 0
    finally:
        pool.close()
        workers.thaw()
    assert gc.get_freeze_count() == 0
    workers.thaw()  # a second time, or without a fork: nothing to give back
    assert gc.get_freeze_count() == 0


def test_spawned_workers_build_their_state_from_what_is_pickled() -> None:
    pool = Workers().pool(multiprocessing.get_context("spawn"), 10, workers=1, start=_started)
    try:
        result = pool.result(pool.submit(_apply, 5))
    finally:
        pool.close()
    assert result is not None and result[0] == 15 and result[1] != os.getpid()


@pytest.mark.usefixtures("forkable")
def test_a_failed_worker_is_said_once_and_its_work_comes_back_to_the_caller(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    workers = Workers()
    fork = workers.context(spawn_ok=False)
    assert fork is not None
    pool = workers.pool(fork, None, workers=1)
    try:
        assert pool.result(pool.submit(_fail, 1)) is None
        assert pool.result(pool.submit(_fail, 2)) is None
    finally:
        pool.close()
    said = [r.getMessage() for r in caplog.records if r.name.endswith("workers")]
    assert said == [
        "example_pages: workers: running in this process because a worker failed "
        "(ValueError: no page 1)"
    ]
