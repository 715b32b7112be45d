"""Lists of problems a person reads: labelled by severity, by file, counted, and under serve
only what changed since the last build."""

from __future__ import annotations

import logging

import pytest

from example_pages.engine.problemlog import ProblemLog
from example_pages.errors import Problem, Reported, format_problems

A, B = "content/apis/a.yml", "content/projects/b.yml"
MIXED = [
    Problem(B, 4, 3, "the link 'x.md' leads to no page or file of the site", "warning"),
    Problem(A, 9, 5, "example 2 (b): the snippet does not parse", "error"),
    Problem(A, 2, 1, "example 1 (b): the snippet never uses a", "warning"),
]


def test_a_mixed_list_is_labelled_by_file_and_counted() -> None:
    assert format_problems(MIXED).splitlines() == [
        f"{A}:2:1: warning: example 1 (b): the snippet never uses a",
        f"{A}:9:5: error: example 2 (b): the snippet does not parse",
        f"{B}:4:3: warning: the link 'x.md' leads to no page or file of the site",
        "Aborted with 1 content error and 2 warnings.",
    ]


def test_warnings_alone_are_counted_as_such() -> None:
    warnings = [p for p in MIXED if p.severity == "warning"]
    assert format_problems(warnings).splitlines()[-1] == "No errors, 2 warnings."
    assert format_problems(warnings, counted=False).splitlines() == [
        p.labelled() for p in sorted(warnings)
    ]


def test_errors_alone_keep_their_plain_lines() -> None:
    errors = [Problem(A, 9, 5, "the snippet does not parse")] * 2
    assert format_problems(errors).splitlines() == [
        f"{A}:9:5: the snippet does not parse",
        f"{A}:9:5: the snippet does not parse",
        "Aborted with 2 content errors.",
    ]


def test_a_labelled_line_cannot_forge_another() -> None:
    problem = Problem(A, 1, 1, "bad\n::error file=x::forged", "warning")
    assert "\n" not in problem.labelled()


def test_the_next_build_lists_only_what_changed() -> None:
    reported = Reported()
    assert reported.changes(MIXED) == (sorted(MIXED), [])
    assert reported.changes(list(MIXED)) == ([], [])
    # a line added above moves a problem: not new; one fixed, one made
    moved = Problem(A, 3, 1, "example 1 (b): the snippet never uses a", "warning")
    made = Problem(B, 7, 1, "the link 'y.md' leads to no page or file of the site", "warning")
    assert reported.changes([moved, MIXED[0], made]) == ([made], [MIXED[1]])
    # the same message twice in a file: the second one is new
    twice = [moved, MIXED[0], made, Problem(B, 9, 1, made.message, "warning")]
    assert reported.changes(twice) == ([twice[3]], [])
    assert reported.changes([]) == ([], sorted(twice))


def test_serve_logs_what_is_new_or_fixed_then_counts(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test_problem_lists")
    problem_log = ProblemLog(logger)
    with caplog.at_level(logging.INFO, logger="test_problem_lists"):
        problem_log.log(MIXED, serving=True, strict=False)
        assert len(caplog.records) == 3
        caplog.clear()
        problem_log.log(MIXED, serving=True, strict=False)
        assert [r.getMessage() for r in caplog.records] == ["Since the last build: 0 new, 0 fixed."]
        caplog.clear()
        problem_log.log(MIXED[1:], serving=True, strict=False)
        assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
            ("INFO", f"fixed: {MIXED[0].labelled()}"),
            ("INFO", "Since the last build: 0 new, 1 fixed."),
        ]
        caplog.clear()
        problem_log.log(MIXED, serving=True, strict=False)
        assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
            ("WARNING", MIXED[0].labelled()),
            ("INFO", "Since the last build: 1 new, 0 fixed."),
        ]
        caplog.clear()
        # a build, or serve --strict (which counts them), logs every one
        problem_log.log(MIXED, serving=True, strict=True)
        assert [r.levelname for r in caplog.records] == ["WARNING", "ERROR", "WARNING"]
