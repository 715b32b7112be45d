"""Counted nouns in messages: one home for the plural rule."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 example`, `2 examples`, `2 libraries`: the count and its noun."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u", ""):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"
