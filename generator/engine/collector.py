"""Under `mkdocs serve`, the garbage collector's full passes run while the author reads.

A served site keeps what every rebuild reuses (loaded files, analyses, converted pages):
about 750,000 objects at 5,000 pages. Python's collector walks all of them on each full pass,
and those passes fall inside rebuilds, every few saves: 0.4 s added to a 1.5 s rebuild. So
once a rebuild is done, what is alive is frozen (`gc.freeze`), and the passes during the next
rebuild walk only what that rebuild makes. What the rebuilds let go of meanwhile is freed by
a full pass over everything once the server has been idle for `IDLE` seconds, or, where the
author saves without pause, at the start of every `BUSY`-th rebuild. Only `gc`'s documented
calls are used; the pages are the same either way.
"""

from __future__ import annotations

import gc
import threading

IDLE = 3.0
"""Seconds without a rebuild before the full pass runs."""
BUSY = 8
"""Rebuilds in a row without that pause, after which the next one starts with a full pass."""


class QuietCollector:
    """Moves the collector's full passes out of `mkdocs serve`'s rebuilds."""

    def __init__(self, *, idle: float = IDLE, busy: int = BUSY) -> None:
        self.idle, self.busy = idle, busy
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._since = 0  # rebuilds since the last full pass
        self._frozen = False

    def starting(self) -> None:
        """A rebuild starts: no full pass now, unless the rebuilds have gone on too long."""
        self._cancel()
        if self._since >= self.busy:
            self._full_pass()

    def done(self) -> None:
        """A rebuild is done: freeze what is alive, and pass over everything when idle."""
        with self._lock:
            gc.freeze()
            self._frozen = True
            self._since += 1
        self._cancel()
        timer = threading.Timer(self.idle, self._full_pass)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def stop(self) -> None:
        """The server stops: the collector works as before."""
        self._cancel()
        with self._lock:
            if self._frozen:
                gc.unfreeze()
                self._frozen = False

    def _full_pass(self) -> None:
        with self._lock:
            if not self._frozen:
                return
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._since = 0

    def _cancel(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
