"""`python -m bench.detector` on a small content folder: the detector against marked lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.detector import add_aliases, load, main, measure
from tests.unit.test_hostile import write_content

# Marked: the import, both lines of the call, and a line the detector cannot know about.
PAGE = """api: demo.signals.Signal
kind: class
summary: A made-up API.
examples:
  - project: demo-project
    file: demo/signals.py
    ref: 0123456789abcdef0123456789abcdef01234567
    highlight: [1, 3, 4, 6]
    code: |
      from demo.signals import Signal

      ready = Signal(
          name="ready")
      done = Signal()
      count = 2
  - project: demo-project
    file: demo/other.py
    ref: 0123456789abcdef0123456789abcdef01234567
    code: |
      from demo.signals import Signal
"""


def test_measure_counts_lines_statements_and_snippets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_content(tmp_path, {"content/apis/demo.signals.Signal.yml": PAGE})
    result = measure(load(tmp_path / "content"))
    # detected 1, 3, 5; marked 1, 3, 4, 6: lines 1 and 3 agree, 4 continues line 3's call
    assert (result.snippets, result.measured, result.detected, result.marked) == (2, 1, 3, 4)
    assert (result.both, result.marked_found, result.detected_right) == (2, 3, 2)
    assert [(m.missed, m.extra) for m in result.misses] == [((6,), (5,))]
    assert main(["--content", str(tmp_path / "content"), "--misses"]) == 0
    assert capsys.readouterr().out == (
        "demo.signals.Signal example 1: missed [6], extra [5]\n"
        "2 snippets, 0 with parse problems, 1 accepted with marked lines\n"
        "  lines:      precision 0.6667 (2/3), recall 0.5000 (2/4)\n"
        "  statements: precision 0.6667 (2/3), recall 0.7500 (3/4)\n"
        "  snippets:   a use found in 1.0000 (1/1)\n"
    )


def test_add_aliases_gives_the_imported_libraries_their_aliases(tmp_path: Path) -> None:
    write_content(
        tmp_path,
        {
            "content/libraries/demo.yml": "name: Demo\nhomepage: https://example.com/demo\n"
            "summary: A made-up library.\n"
        },
    )
    add_aliases(tmp_path / "content", {"demo": {"demo.signals.base": "demo.signals"}})
    site = load(tmp_path / "content")
    assert site.libraries["demo"].model.aliases == {"demo.signals.base": "demo.signals"}
