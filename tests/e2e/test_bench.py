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
from tests.conftest import file_tree


def test_corpus_is_deterministic_and_passes_every_check(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 60, seed=7)
    second = generate(tmp_path / "b", 60, seed=7)
    assert file_tree(tmp_path / "a") == file_tree(tmp_path / "b")
    assert file_tree(tmp_path / "a") != file_tree(generate(tmp_path / "c", 60, seed=8).content)

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


def test_long_shape_has_longer_snippets_each_with_lines_to_highlight(tmp_path: Path) -> None:
    made = generate(tmp_path / "long", 40, seed=7, shape="long")
    site = load_site(made.content, root=tmp_path)
    assert site.warnings == []
    examples = [e for api in site.apis for e in api.examples]
    lengths = [len(snippet_lines(e.model.code)) for e in examples]
    assert min(lengths) >= 20 and max(lengths) <= 75
    assert sum(lengths) / len(lengths) > 40
    assert all(e.analysis.use_lines for e in examples)


def _series(*seconds: float) -> Series:
    return Series([Run(s, 100.0, 0) for s in seconds])


def test_targets_compare_measures_with_the_issue_targets(tmp_path: Path) -> None:
    options = Options(sizes=[520, 1000], repeat=1, workdir=tmp_path)
    small = SizeResult(520, 1300, 120, 4, _series(5.0), _series(2.0))
    small.stock, small.zensical = _series(20.0), _series(8.0)
    small.warm = _series(4.0)
    small.differing, small.cache_differing, small.label = [], [], "n520"
    small.off, small.off_differing = _series(9.0), []
    long = SizeResult(520, 1400, 120, 4, _series(10.0), _series(1.0))
    long.stock, long.zensical, long.shape = _series(20.0), _series(10.0), "long"
    long.cache_differing, long.label = ["api/x/index.html"], "n520-long"
    large = SizeResult(1000, 2600, 231, 8, _series(9.0), _series(4.0))
    large.html = {"ours": 58_000.0}
    large.differing = ["sitemap.xml.gz"]
    large.live = [1.0, 3.0, 2.5]
    rows = targets(Results(options, [small, large], shaped=[long]))
    fsp, longer = "N=520, Full Stack Python shape", "N=520, long snippets"
    assert rows[2:] == [
        f"| cold build, {fsp} | ≤ 0.40 × stock | 0.25 × stock (5.00 s vs 20.00 s) | yes |",
        f"| cold build, {fsp} | ≤ 0.70 × Zensical | 0.62 × Zensical (5.00 s vs 8.00 s) | yes |",
        f"| rebuild, nothing changed, {fsp} | ≤ 0.25 × stock | 0.20 × stock (4.00 s vs 20.00 s)"
        " | yes |",
        f"| cold build, {longer} | ≤ 0.40 × stock | 0.50 × stock (10.00 s vs 20.00 s) | **no** |",
        f"| cold build, {longer} | ≤ 0.70 × Zensical | 1.00 × Zensical (10.00 s vs 10.00 s)"
        " | **no** |",
        f"| rebuild, nothing changed, {longer} | ≤ 0.25 × stock |  | not measured |",
        "| growth | t(5,000) / t(520) ≤ 10 |  | not measured |",
        "| peak RSS, N=5,000 | ≤ 1,000 MB |  | not measured |",
        "| HTML per API page, N=1,000 | ≤ 60 KB | 58.0 KB | yes |",
        "| `check`, N=520 | ≤ 1.0 s | 2.00 s with the cache | **no** |",
        f"| live edit, N=1,000 | ≤ 1 s | {statistics.median(large.live):.2f} s | **no** |",
        "| output | byte-identical builds | differ (N=520, 1000) | **no** |",
        "| output | cold and cached builds byte-identical | differ (n520, n520-long) | **no** |",
        "| output | builds with and without speedups byte-identical | identical (n520) | yes |",
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
        "ours: `mkdocs build` with the plugin, cold (no cache)",
        "ours, rebuilt with nothing changed (cache warm)",
        "ours, rebuilt with one example changed (cache warm)",
        "ours, speedups off, cold",
        "stock mkdocs-material, hand-written Markdown",
        "Zensical, the same pages with zensical.toml",
        "floor: Python-Markdown + Pygments only",
        "`example-pages check`, cache warm",
        "`example-pages check --no-cache`",
    ):
        assert engine in rows, section
        assert "failed" not in rows[engine] and "not run" not in rows[engine], rows[engine]
    assert "Live edit (`mkdocs serve --livereload --dirty`" in section
    assert "| whole build (mkdocs.commands.build.build) |" in text
    determinism = text.split("## Determinism", 1)[1]
    assert "- N=20: " in determinism
    assert "- n20: the builds with and without speedups are byte-identical" in determinism
    assert "python -m bench run --quick" in text
