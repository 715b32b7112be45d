"""API-use detection across excerpts: re-exports, names resolved through imports, chunks."""

from __future__ import annotations

import pytest

from example_pages.checks.snippets import analyze, contiguous_length, snippet_lines


@pytest.mark.parametrize(
    ("code", "api", "uses"),
    [
        # a package re-exports the API: flask.Flask is flask.app.Flask
        ("from flask import Flask\napp = Flask(__name__)\n", "flask.app.Flask", (1, 2)),
        ("import flask\napp = flask.Flask(__name__)\n", "flask.app.Flask", (1, 2)),
        # the same name from an unrelated module is not the API
        (
            "from django.forms import CharField\nname = CharField()\n",
            "django.db.models.CharField",
            (),
        ),
        # an import in one chunk resolves a use in a later chunk
        (
            "from demo.signals import Signal\n# ...\n"
            "    def make(self):\n        return Signal()\n",
            "demo.signals.Signal",
            (1, 4),
        ),
        # a chunk with a mistake contributes nothing; the others still count
        (
            "from demo import signals\n# ...\nx = (\n# ...\nready = signals.Signal()\n",
            "demo.signals.Signal",
            (1, 5),
        ),
    ],
)
def test_uses_are_found_across_excerpts(code: str, api: str, uses: tuple[int, ...]) -> None:
    assert analyze(code, api).use_lines == uses


def test_analysis_reports_elision_and_resolved_names() -> None:
    analysis = analyze(
        "import demo.signals as s\n# ...\nready = s.Signal()\n", "demo.signals.Signal"
    )
    assert analysis.elided
    assert {"demo.signals", "demo.signals.Signal"} <= analysis.names
    assert analysis.issues == ()


@pytest.mark.parametrize(
    ("code", "length"),
    [("a = 1\nb = 2\n", 2), ("a = 1\n# ...\n\n", 1), ("a = 1\n# ...\nb = 2\n", None)],
)
def test_contiguous_length(code: str, length: int | None) -> None:
    assert contiguous_length(snippet_lines(code)) == length
