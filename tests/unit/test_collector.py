"""Under `mkdocs serve`, the collector's full passes leave the rebuilds, and still free what
the rebuilds let go of."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable, Iterator

import pytest

from example_pages.engine.collector import QuietCollector


class Node:
    """One half of a reference cycle: freed by the collector's passes only."""

    def __init__(self) -> None:
        self.other: Node | None = None


def left_by_a_rebuild(quiet: QuietCollector) -> weakref.ref[Node]:
    """A cycle alive when the rebuild is done (so it is frozen) and let go of afterwards,
    as the next rebuild lets go of the last one's pages; a reference to watch it by."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    quiet.done()
    return weakref.ref(first)


Make = Callable[..., QuietCollector]


@pytest.fixture
def make() -> Iterator[Make]:
    made: list[QuietCollector] = []

    def new(**settings: float) -> QuietCollector:
        made.append(QuietCollector(**settings))  # type: ignore[arg-type]
        return made[-1]

    yield new
    for each in made:
        each.stop()
    gc.unfreeze()


def wait_until(condition: Callable[[], bool], limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_what_a_rebuild_leaves_is_frozen_until_the_server_is_idle(make: Make) -> None:
    ref = left_by_a_rebuild(make(idle=0.3))
    assert gc.get_freeze_count() > 0
    gc.collect()  # a pass during the next rebuild does not walk the frozen objects
    assert ref() is not None
    assert wait_until(lambda: ref() is None)  # the idle pass frees them


def test_a_rebuild_that_starts_puts_off_the_idle_pass(make: Make) -> None:
    quiet = make(idle=0.2)
    ref = left_by_a_rebuild(quiet)
    quiet.starting()
    time.sleep(0.5)
    assert ref() is not None
    quiet.done()  # this rebuild is done: the pass comes once idle again
    assert wait_until(lambda: ref() is None)


def test_rebuilds_without_a_pause_start_with_a_full_pass(make: Make) -> None:
    quiet = make(idle=60, busy=3)
    ref = left_by_a_rebuild(quiet)
    for _ in range(2):  # the second and third rebuilds start as usual
        quiet.starting()
        assert ref() is not None
        quiet.done()
    quiet.starting()  # the fourth, after three in a row
    assert ref() is None
    assert gc.get_freeze_count() > 0  # what the pass kept is frozen again


def test_stopping_hands_the_collector_back(make: Make) -> None:
    quiet = make(idle=60)
    ref = left_by_a_rebuild(quiet)
    quiet.stop()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None
