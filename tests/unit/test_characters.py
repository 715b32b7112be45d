"""The characters content text may not hold: the ASCII fast path refuses what the full scan
refuses, at the same place."""

from __future__ import annotations

import pytest

from example_pages.content.characters import _REFUSED, refused_character


def test_every_ascii_character_is_judged_as_the_full_scan_judges_it() -> None:
    for code in range(128):
        text = f"ok {chr(code)} ok"
        full = _REFUSED.search(text)
        found = refused_character(text)
        assert (found is None) == (full is None), hex(code)
        if found is not None:
            assert found[0] == 3


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("plain text\tand a tab\n", None),
        ("a bell \x07 here", 7),
        ("delete \x7f", 7),
        ("a C1 control \x85 here", 13),
        ("é then \x00", 7),
        ("line\u2028separator", 4),
        ("a BOM \ufeff", 6),
        ("noncharacter \uffff", 13),
        ("surrogate \ud800", 10),
    ],
)
def test_refused_in_ascii_and_other_text(text: str, where: int | None) -> None:
    found = refused_character(text)
    assert (found[0] if found else None) == where
