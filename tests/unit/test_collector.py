"""Under `mkdocs serve`, the collector's full passes leave the rebuilds, and still free what
the rebuilds let go of."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterator

import pytest

from example_pages.engine.collector import QuietCollector


class Node:
    """One half of a reference cycle: freed by the collector's passes only."""

    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> weakref.ref[Node]:
    """A cycle that nothing else holds, alive until a pass over it; a reference to watch."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture
def collector() -> Iterator[list[QuietCollector]]:
    made: list[QuietCollector] = []
    yield made
    for each in made:
        each.stop()
    gc.unfreeze()


def wait_until(condition: object, limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_what_a_rebuild_leaves_is_frozen_until_the_server_is_idle(
    collector: list[QuietCollector],
) -> None:
    quiet = QuietCollector(idle=0.3)
    collector.append(quiet)
    gc.collect()
    ref = cycle()
    quiet.done()
    assert gc.get_freeze_count() > 0
    gc.collect()  # a pass during the next rebuild does not walk the frozen objects
    assert ref() is not None
    assert wait_until(lambda: ref() is None)  # the idle pass frees them


def test_a_rebuild_that_starts_puts_off_the_idle_pass(collector: list[QuietCollector]) -> None:
    quiet = QuietCollector(idle=0.2)
    collector.append(quiet)
    ref = cycle()
    quiet.done()
    quiet.starting()
    time.sleep(0.5)
    assert ref() is not None
    quiet.done()  # this rebuild is done: the pass comes once idle again
    assert wait_until(lambda: ref() is None)


def test_rebuilds_without_a_pause_start_with_a_full_pass(collector: list[QuietCollector]) -> None:
    quiet = QuietCollector(idle=60, busy=3)
    collector.append(quiet)
    ref = cycle()
    for _ in range(3):
        quiet.done()
        quiet.starting()
        if ref() is None:
            break
    assert ref() is None
    assert gc.get_freeze_count() > 0  # what the pass kept is frozen again


def test_stopping_hands_the_collector_back(collector: list[QuietCollector]) -> None:
    quiet = QuietCollector(idle=60)
    collector.append(quiet)
    ref = cycle()
    quiet.done()
    quiet.stop()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None
