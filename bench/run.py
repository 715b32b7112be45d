"""One benchmark run: for each size, generate the corpus, build it every way, measure."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus, live, sites
from bench.measure import ENV, Run, Series, differing_files, html_per_page, run
from bench.profile import Profile, profile_build

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "-q"]
ZENSICAL = [sys.executable, "-m", "zensical", "build", "--clean"]


@dataclass
class Options:
    sizes: list[int]
    repeat: int
    workdir: Path
    seed: int = 520
    stock_max: int = 1000
    live_size: int = 1000
    profile_size: int = 520
    live: bool = True
    profile: bool = True


@dataclass
class SizeResult:
    """Every measurement at one corpus size; None where the engine did not run."""

    n: int
    examples: int
    projects: int
    libraries: int
    ours: Series
    check: Series
    html: dict[str, float] = field(default_factory=dict)
    stock: Series | None = None
    zensical: Series | None = None
    floor: Series | None = None
    differing: list[str] | None = None
    live: list[float] | None = None
    live_page: str = ""
    live_error: str = ""


@dataclass
class Results:
    options: Options
    sizes: list[SizeResult] = field(default_factory=list)
    profile: Profile | None = None
    profile_size: int = 0
    profile_error: str = ""
    load_before: tuple[float, ...] = ()


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def repeated(times: int, once: Callable[[int], Run]) -> Series:
    series = Series()
    for i in range(times):
        series.runs.append(once(i))
        if series.runs[-1].returncode != 0:
            break
    return series


def closest(sizes: list[int], wanted: int) -> int:
    """`wanted` if measured, else the largest size below it, else the smallest."""
    below = [n for n in sizes if n <= wanted]
    return max(below) if below else min(sizes)


def measure_size(options: Options, n: int, say: Callable[[str], None]) -> SizeResult:
    root = options.workdir / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    generated: list[corpus.Corpus] = []

    def generate(content: Path) -> None:
        generated.append(corpus.generate(content, n, seed=options.seed))

    say(f"N={n}: generating the corpus")
    ours = sites.ours(root / "ours", generate)
    made = generated[0]

    def build_ours(i: int) -> Run:
        say(f"N={n}: our build {i + 1}/{max(options.repeat, 2)}")
        return run([*MKDOCS, "-d", str(root / f"site-{i}")], ours)

    # At least two builds: their outputs are compared byte for byte.
    ours_runs = repeated(max(options.repeat, 2), build_ours)
    result = SizeResult(n, made.examples, made.projects, made.libraries, ours_runs, Series())
    if ours_runs.ok:
        result.html["ours"] = html_per_page(root / "site-0")
        result.differing = differing_files(root / "site-0", root / "site-1")
    ours_runs.runs[:] = ours_runs.runs[: options.repeat]
    for i in range(max(options.repeat, 2)):
        shutil.rmtree(root / f"site-{i}", ignore_errors=True)

    say(f"N={n}: example-pages check")
    check = [sys.executable, "-m", "generator.cli", "check", "--content", "content"]
    result.check = repeated(options.repeat, lambda i: run(check, ours))

    if n <= options.stock_max:
        stock = sites.stock(root / "stock", ours)
        floor = [sys.executable, "-m", "bench.floor", "docs", "mkdocs.yml"]
        say(f"N={n}: Markdown + Pygments floor")
        env = {**ENV, "PYTHONPATH": str(sites.ROOT)}
        result.floor = repeated(options.repeat, lambda i: run(floor, stock, env=env))

        def build_stock(i: int) -> Run:
            say(f"N={n}: stock mkdocs-material build {i + 1}/{options.repeat}")
            return run([*MKDOCS, "-d", str(root / "stock-site")], stock)

        result.stock = repeated(options.repeat, build_stock)
        if result.stock.ok:
            result.html["stock"] = html_per_page(root / "stock-site")
        shutil.rmtree(root / "stock-site", ignore_errors=True)
        if zensical_installed():

            def build_zensical(i: int) -> Run:
                say(f"N={n}: Zensical build {i + 1}/{options.repeat}")
                for leftover in ("site", ".cache"):
                    shutil.rmtree(stock / leftover, ignore_errors=True)
                return run(ZENSICAL, stock)

            result.zensical = repeated(options.repeat, build_zensical)
            if result.zensical.ok:
                result.html["zensical"] = html_per_page(stock / "site")
            shutil.rmtree(stock / "site", ignore_errors=True)

    if options.live and n == closest(options.sizes, options.live_size):
        result.live_page = live.pick_page(ours / "content", made.apis)
        say(f"N={n}: live edit of {result.live_page} under mkdocs serve")
        try:
            result.live = live.live_edit(ours, result.live_page, repeat=options.repeat)
        except RuntimeError as e:
            result.live_error = str(e)
    return result


def run_all(
    options: Options,
    say: Callable[[str], None] = print,
    progress: Callable[[Results], None] = lambda results: None,
) -> Results:
    """Measure every size in turn; `progress` sees the results after each size."""
    results = Results(options, load_before=os.getloadavg())
    for n in options.sizes:
        results.sizes.append(measure_size(options, n, say))
        if options.profile and n == closest(options.sizes, options.profile_size):
            results.profile_size = n
            say(f"N={n}: profiling our build")
            try:
                project = options.workdir / f"n{n}" / "ours"
                site = (project.parent / "profile-site").resolve()
                results.profile = profile_build(project, site)
                shutil.rmtree(site, ignore_errors=True)
            except RuntimeError as e:
                results.profile_error = str(e)
        progress(results)
    return results
