"""What MkDocs logs while work is done elsewhere (another process, an earlier build),
kept as plain records and logged again where the build can count it (`--strict`)."""

from __future__ import annotations

import logging

from mkdocs.commands import build

Records = list[tuple[str, int, str]]
"""Logger name, level and message of each record."""


class Capture(logging.Handler):
    """Keeps the records it handles."""

    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.records: Records = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def replay(records: Records) -> None:
    """Log each record again, under its own logger and level.

    The message is the record's text, not a "%s" template: a record without arguments is not
    formatted, and filters that tell messages apart (MkDocs' DuplicateFilter) still can.
    """
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def engine_logger() -> logging.Logger:
    """The logger the engine's own modules log under: "mkdocs", or "properdocs" under
    ProperDocs, whose modules stand in for MkDocs' (the "mkdocs" logger hands its records
    on to it there)."""
    return logging.getLogger(build.__name__.partition(".")[0])


def build_logger() -> logging.Logger:
    """The logger of the engine's build command, whose messages about pages it filters."""
    return logging.getLogger(build.__name__)
