"""One benchmark run: for each size, generate the corpus, build it every way, measure."""

from __future__ import annotations

import compileall
import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus, fsp, live, sites
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
    # Plain `mkdocs serve` (and `properdocs serve`) edit-to-reload, at the sizes closest to
    # these and on the imported Full Stack Python site.
    live_sizes: list[int] = field(default_factory=lambda: [5000])
    profile_size: int = 520
    live: bool = True
    # Our cold build with `speedups: false` too, at the sizes stock MkDocs builds.
    speedups_off: bool = True
    profile: bool = True
    real: bool = True
    # Corpus shapes measured at the size closest to 520 (every size gets the first).
    shapes: list[str] = field(default_factory=lambda: ["fsp", "long"])


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
    # Engine -> seconds from each saved edit to the served page showing it.
    live: dict[str, list[float]] = field(default_factory=dict)
    live_page: str = ""
    live_error: str = ""
    label: str = ""
    shape: str = "fsp"
    # Rebuilds reusing the cache of the cold build before: nothing changed, one example changed.
    warm: Series | None = None
    changed: Series | None = None
    changed_blocks: str = ""
    check_cold: Series | None = None
    cache_differing: list[str] | None = None
    # Our cold build with `speedups: false`, and the files where its site differs from ours.
    off: Series | None = None
    off_differing: list[str] | None = None


@dataclass
class Results:
    options: Options
    sizes: list[SizeResult] = field(default_factory=list)
    profile: Profile | None = None
    profile_size: int = 0
    profile_error: str = ""
    load_before: tuple[float, ...] = ()
    real: SizeResult | None = None
    # The other corpus shapes, at the size closest to 520.
    shaped: list[SizeResult] = field(default_factory=list)


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def closest(sizes: list[int], wanted: int) -> int:
    """`wanted` if measured, else the largest size below it, else the smallest."""
    below = [n for n in sizes if n <= wanted]
    return max(below) if below else min(sizes)


def measure_size(
    options: Options,
    n: int,
    say: Callable[[str], None],
    *,
    source: Callable[[Path], corpus.Corpus] | None = None,
    name: str = "",
    shape: str = "fsp",
    own_pages: Path | None = None,
) -> SizeResult:
    """Measure one corpus: the synthetic one of `n` pages, or `source`'s (then named `name`).

    `own_pages`: the folder of the hand-written Markdown the imported corpus came from, which
    stock Material and Zensical then build instead of our pages written out as Markdown.
    """
    name = name or (f"n{n}" if shape == "fsp" else f"n{n}-{shape}")
    root = options.workdir / name
    if root.exists():
        shutil.rmtree(root)
    generated: list[corpus.Corpus] = []
    warn = source is not None  # imported content is checked, its snippet problems listed

    def generate(content: Path) -> None:
        if source:
            made = source(content)
        else:
            made = corpus.generate(content, n, seed=options.seed, shape=shape)
        generated.append(made)

    say(f"N={n} ({name}): generating the corpus")
    ours = sites.ours(root / "ours", generate, snippet_errors="warn" if warn else None)
    made = generated[0]
    n = len(made.apis) if source else n

    stock: Path | None = None
    if own_pages is not None:
        stock = sites.own_pages(root / "stock", own_pages, ours)
    elif n <= options.stock_max:
        stock = sites.stock(root / "stock", ours, warn=warn)
    check = [sys.executable, "-m", "example_pages", "check", "--content", "content"]
    if warn:
        check += ["--snippet-errors", "warn"]
    floor = [sys.executable, "-m", "bench.floor", "docs", "mkdocs.yml"]
    floor_env = {**ENV, "PYTHONPATH": str(sites.ROOT)}
    # name -> (run it once, the folder that run wrote its site to, if any)
    cache = ours / ".cache"
    changed_page = live.pick_page(ours / "content", made.apis) if not source else ""

    def cold(i: int) -> Run:
        shutil.rmtree(cache, ignore_errors=True)
        return run([*MKDOCS, "-d", str(root / f"site-{i}")], ours)

    def changed(i: int) -> Run:
        path = ours / "content" / "apis" / f"{changed_page}.yml"
        original = live.edit_comment(path, f"changed_{i}")
        command = [*MKDOCS[:-1], "-v", "-d", str(root / "changed-site")]
        try:
            return run(command, ours, keep="example_pages: ")
        finally:
            path.write_text(original)

    steps: dict[str, tuple[Callable[[int], Run], Callable[[int], Path | None]]] = {
        "ours": (cold, lambda i: root / f"site-{i}"),
        # Right after the cold build: the cache it filled, nothing changed.
        "warm": (
            lambda i: run([*MKDOCS, "-d", str(root / f"warm-site-{i}")], ours),
            lambda i: root / f"warm-site-{i}",
        ),
        "check": (lambda i: run(check, ours), lambda i: None),
        "check-cold": (lambda i: run([*check, "--no-cache"], ours), lambda i: None),
    }
    if changed_page:
        steps["changed"] = (changed, lambda i: root / "changed-site")
    if options.speedups_off and n <= options.stock_max:
        off_config = sites.speedups_off(ours)

        def off(i: int) -> Run:
            shutil.rmtree(cache, ignore_errors=True)
            return run([*MKDOCS, "-f", off_config, "-d", str(root / "off-site")], ours)

        steps["off"] = (off, lambda i: root / "off-site")
    if stock is not None:
        steps["stock"] = (
            lambda i: run([*MKDOCS, "-d", str(root / "stock-site")], stock),
            lambda i: root / "stock-site",
        )
        if zensical_installed():
            if own_pages is None:
                sites.zensical(stock)
            steps["zensical"] = (lambda i: _zensical(stock), lambda i: stock / "site")
        if own_pages is None:
            steps["floor"] = (lambda i: run(floor, stock, env=floor_env), lambda i: None)
    # Rounds interleave the engines, so load from elsewhere on the machine falls on all of them.
    # Our build runs at least twice: the two outputs are compared byte for byte.
    rounds = max(options.repeat, 2)
    series = {name: Series() for name in steps}
    result_cache: list[str] | None = None
    result_off: list[str] | None = None
    html: dict[str, float] = {}
    for i in range(rounds):
        for step, (once, site) in steps.items():
            done = series[step].runs
            if (i >= options.repeat and step != "ours") or (done and done[-1].returncode):
                continue
            say(f"N={n} ({name}): round {i + 1}/{rounds}: {step}")
            done.append(once(i))
            folder = site(i)
            if i == 0 and folder is not None and not done[-1].returncode:
                html[step] = html_per_page(folder)
            if i == 0 and step == "warm" and not done[-1].returncode:
                result_cache = differing_files(root / "site-0", root / "warm-site-0")
            if i == 0 and step == "off" and not done[-1].returncode:
                result_off = differing_files(root / "site-0", root / "off-site")
            if folder is not None and (step != "ours" or i >= 2):
                shutil.rmtree(folder, ignore_errors=True)
    ours_runs = series["ours"]
    result = SizeResult(n, made.examples, made.projects, made.libraries, ours_runs, series["check"])
    result.label = name
    result.shape = shape
    result.html = html
    result.warm, result.changed = series.get("warm"), series.get("changed")
    result.cache_differing = result_cache
    result.off, result.off_differing = series.get("off"), result_off
    result.check_cold = series.get("check-cold")
    if result.changed is not None and result.changed.runs:
        logged = result.changed.runs[-1].output.splitlines()
        result.changed_blocks = "; ".join(line.partition("example_pages: ")[2] for line in logged)
    result.stock, result.zensical = series.get("stock"), series.get("zensical")
    result.floor = series.get("floor")
    if len(ours_runs.runs) >= 2 and ours_runs.ok:
        result.differing = differing_files(root / "site-0", root / "site-1")
    ours_runs.runs[:] = ours_runs.runs[: options.repeat]
    for i in range(rounds):
        shutil.rmtree(root / f"site-{i}", ignore_errors=True)
    if stock is not None:
        shutil.rmtree(stock / ".cache", ignore_errors=True)  # Zensical's, hundreds of MB

    live_sizes = {closest(options.sizes, wanted) for wanted in options.live_sizes}
    if options.live and shape == "fsp" and (source is not None or n in live_sizes):
        result.live_page = live.pick_page(ours / "content", made.apis)
        for engine in live.ENGINES:
            say(f"N={n} ({name}): live edit of {result.live_page} under `{engine} serve`")
            try:
                result.live[engine] = live.live_edit(
                    ours, result.live_page, engine=engine, repeat=options.repeat
                )
            except RuntimeError as e:
                result.live_error += f"{engine}: {e} "
    return result


def _zensical(project: Path) -> Run:
    for leftover in ("site", ".cache"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    return run([*ZENSICAL, "-f", "zensical.yml"], project)


def run_all(
    options: Options,
    say: Callable[[str], None] = print,
    progress: Callable[[Results], None] = lambda results: None,
) -> Results:
    """Measure every size in turn; `progress` sees the results after each size."""
    # As installing a wheel does (pip compiles what it installs), and as the engines measured
    # beside ours are installed: the checkout's package is compiled once, so that no build
    # compiles it again where the environment keeps Python from writing bytecode.
    compileall.compile_dir(sites.ROOT / "generator", quiet=1)
    results = Results(options, load_before=os.getloadavg())
    for n in options.sizes:
        results.sizes.append(measure_size(options, n, say))
        if options.profile and n == closest(options.sizes, options.profile_size):
            results.profile_size = n
            say(f"N={n}: profiling our build")
            try:
                project = options.workdir / f"n{n}" / "ours"
                site = (project.parent / "profile-site").resolve()
                shutil.rmtree(project / ".cache", ignore_errors=True)  # a cold build
                results.profile = profile_build(project, site)
                shutil.rmtree(site, ignore_errors=True)
            except RuntimeError as e:
                results.profile_error = str(e)
        progress(results)
        if n == closest(options.sizes, 520):
            for shape in options.shapes[1:]:
                results.shaped.append(measure_size(options, n, say, shape=shape))
                progress(results)
    if options.real and fsp.PAGES.is_dir():
        say("Full Stack Python's pages: importing")
        count = len(list(fsp.PAGES.rglob("*.markdown")))
        results.real = measure_size(
            options, count, say, source=fsp.corpus, name="fsp", own_pages=fsp.PAGES
        )
        progress(results)
    return results
