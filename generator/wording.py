"""Counted nouns in messages: one home for the plural rule."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 example`, `2 examples`; `many` for a noun whose plural is not noun + 's'."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
