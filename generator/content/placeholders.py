"""The placeholders `example-pages new` leaves in a file, refused until they are replaced."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .yamlload import Document, Key

MARKER = "TODO(example-pages)"
"""Starts every placeholder: text no real content holds by accident."""

_WHAT = {
    "name": "the project's name as it spells it",
    "license": "the SPDX expression from the project's LICENSE file, such as MIT",
    "description": "one or two sentences, in our own words, on what the project does",
    "summary": "two or three sentences, in our own words, on what the API is for",
}


def placeholder_problems(doc: Document) -> list[Problem]:
    """Every value of `doc` that still holds a placeholder, located at the placeholder."""
    problems = []
    for key, text in _strings(doc.data, ()):
        index = text.find(MARKER)
        if index < 0:
            continue
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        pos = doc.at(key)
        at_line, at_col = doc.find(MARKER, pos.inside(line, col), pos)
        what = _WHAT.get(str(key[-1]), "the real value")
        problems.append(
            Problem(doc.shown, at_line, at_col, f"replace this placeholder with {what}")
        )
    return problems


def _strings(value: Any, key: Key) -> list[tuple[Key, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [item for name, child in value.items() for item in _strings(child, (*key, name))]
    if isinstance(value, list):
        return [item for i, child in enumerate(value) for item in _strings(child, (*key, i))]
    return []
