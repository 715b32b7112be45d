"""The benchmark harness: its corpus passes our checks, and a quick run measures every engine."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.__main__ import main
from bench.corpus import generate
from bench.measure import Run, Series
from bench.report import targets
from bench.run import Options, Results, SizeResult
from example_pages.checks.snippets import snippet_lines
from example_pages.content.load import load_site


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_corpus_is_deterministic_and_passes_every_check(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 60, seed=7)
    second = generate(tmp_path / "b", 60, seed=7)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(generate(tmp_path / "c", 60, seed=8).content)

    site = load_site(tmp_path / "a", root=tmp_path)
    assert site.warnings == []
    assert len(site.apis) == 60 == len(first.apis) == len(second.apis)
    examples = [e for api in site.apis for e in api.examples]
    assert len(examples) == first.examples
    assert 1.5 <= len(examples) / 60 <= 4
    assert len(site.projects) == first.projects == round(60 * 120 / 520)
    for example in examples:
        assert 10 <= len(snippet_lines(example.model.code)) <= 60
        assert example.analysis.use_lines, example.model.code
    assert any(e.analysis.elided for e in examples)


def _series(*seconds: float) -> Series:
    return Series([Run(s, 100.0, 0) for s in seconds])


def test_targets_compare_measures_with_the_issue_targets(tmp_path: Path) -> None:
    options = Options(sizes=[520, 1000], repeat=1, workdir=tmp_path)
    small = SizeResult(520, 1300, 120, 4, _series(5.0), _series(2.0))
    small.stock, small.zensical = _series(20.0), _series(4.0)
    small.differing = []
    large = SizeResult(1000, 2600, 231, 8, _series(9.0), _series(4.0))
    large.html = {"ours": 58_000.0}
    large.differing = ["sitemap.xml.gz"]
    large.live = [1.0, 3.0, 2.5]
    rows = targets(Results(options, [small, large]))
    assert rows[2:] == [
        "| full build, N=520 | ≤ 0.4 × stock | 0.25 × stock | yes |",
        "| full build, N=520 | faster than Zensical | 5.00 s vs 4.00 s | **no** |",
        "| growth | t(5,000) / t(520) ≤ 11 |  | not measured |",
        "| peak RSS, N=5,000 | ≤ 1,500 MB |  | not measured |",
        "| HTML per API page, N=1,000 | ≤ 60 KB | 58.0 KB | yes |",
        "| `check`, N=520 | ≤ 1.5 s | 2.00 s | **no** |",
        f"| live edit, N=1,000 | ≤ 2 s | {statistics.median(large.live):.2f} s | **no** |",
        "| output | byte-identical builds | differ (N=520, 1000) | **no** |",
    ]


def test_quick_run_measures_every_engine_and_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    assert (
        main(["run", "--quick", "--workdir", str(tmp_path / "work"), "--output", str(report)]) == 0
    )
    text = report.read_text()
    section = text.split("### N=20: ", 1)[1].split("\n## ", 1)[0]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in section.splitlines() if "|" in line}
    for engine in (
        "ours: `mkdocs build` with the plugin",
        "stock mkdocs-material, hand-written Markdown",
        "Zensical, the same pages with zensical.toml",
        "floor: Python-Markdown + Pygments only",
        "`example-pages check`",
    ):
        assert engine in rows, section
        assert "failed" not in rows[engine] and "not run" not in rows[engine], rows[engine]
    assert "Live edit (`mkdocs serve --livereload --dirty`" in section
    assert "| whole build (mkdocs.commands.build.build) |" in text
    assert "- N=20: " in text.split("## Determinism", 1)[1]
    assert "python -m bench run --quick" in text
