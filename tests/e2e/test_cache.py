"""The code-block cache and the highlighting workers: real builds, compared byte for byte."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import wait
from pathlib import Path

import markdown
import pytest

from example_pages import cache
from example_pages.cache import FOLDER, MAX_PACKS, PACKS, Store, key_of
from example_pages.checks.markdown import markdown_issues, markdown_issues_stored
from example_pages.checks.snippets import Analyses, analyze, analyze_stored
from example_pages.engine.codeblocks import Blocks, CodeBlocksExtension
from example_pages.engine.compat import Speedups
from example_pages.engine.markdown import REQUIRED_EXTENSIONS
from example_pages.engine.pool import Ahead, batches, highlight, start_highlighter
from example_pages.workers import Workers
from tests.conftest import ROOT, copy_site, file_tree, mkdocs_build, plugin_options, verbose_build

SIGNAL = "content/apis/django.dispatch.Signal.yml"
COUNTS = re.compile(r"code blocks: (\d+) highlighted \((\d+) of them by workers\), (\d+) from")
PAGES = re.compile(r"pages: (\d+) converted, (\d+) from the cache, (\d+) by workers")
# The starter site's generated pages: home, the API, the library, the projects and their index.
GENERATED = 10


def _build(project: Path, site: Path) -> tuple[int, int, int]:
    """A real `mkdocs build --strict`; its code blocks: highlighted, by workers, from cache."""
    done = verbose_build(project, site)
    assert done.returncode == 0, done.stderr
    found = COUNTS.search(done.stderr)
    assert found is not None, done.stderr
    made, by_workers, stored = (int(n) for n in found.groups())
    return made, by_workers, stored


def _pages(project: Path, site: Path) -> tuple[int, int]:
    """A real `mkdocs build --strict`; its generated pages: converted, from the cache."""
    done = verbose_build(project, site)
    assert done.returncode == 0, done.stderr
    found = PAGES.search(done.stderr)
    assert found is not None, done.stderr
    converted, stored, _ = (int(n) for n in found.groups())
    return converted, stored


# `mkdocs build` (or ProperDocs') with the workers' batches all done before the build reaches
# the first page, so every generated page is one a worker converted.
WORKERS_FIRST = """
import sys
from concurrent.futures import wait
from example_pages.engine import pool
reached = pool.Ahead.reached
def after_all(self, name):
    wait(set(self.batch_of.values()))
    return reached(self, name)
pool.Ahead.reached = after_all
from ENGINE.__main__ import cli
sys.argv = ["ENGINE", *sys.argv[1:]]
cli()
"""


def _run_workers_first(
    project: Path, site: Path, engine: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    script = WORKERS_FIRST.replace("ENGINE", engine)
    command = [sys.executable, "-c", script, "build", "--strict", "-v", "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


Record = tuple[bytes, bytes]  # a pack's record: header line (without its newline), body


def _records(pack: Path) -> tuple[bytes, list[Record]]:
    """A pack's first line and its records, read by the documented layout."""
    data = pack.read_bytes()
    magic, _, rest = data.partition(b"\n")
    records = []
    while rest:
        header, _, rest = rest.partition(b"\n")
        length = int(header.split(b" ")[1])
        records.append((header, rest[:length]))
        rest = rest[length:]
    return magic, records


def _rewrite(folder: Path, change: Callable[[int, Record], Record | None]) -> int:
    """Rewrite every pack under `folder` with `change(number, record)` (None drops it)."""
    number = 0
    for pack in sorted((folder / PACKS).glob("*.pack")):
        magic, records = _records(pack)
        kept = []
        for record in records:
            changed = change(number, record)
            number += 1
            if changed is not None:
                kept.append(b"%s\n%s" % changed)
        pack.write_bytes(magic + b"\n" + b"".join(kept))
    return number


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "project")


def test_cached_and_uncached_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    assert _build(project, tmp_path / "cold") == (6, 0, 0)
    assert (project / FOLDER).is_dir()
    assert _pages(project, tmp_path / "warm") == (0, GENERATED)
    cold = file_tree(tmp_path / "cold")
    assert file_tree(tmp_path / "warm") == cold
    # Without the page entries, the code blocks come from the cache.
    _rewrite(project / FOLDER, lambda _, record: None if b'"content"' in record[1] else record)
    assert _build(project, tmp_path / "blocks") == (0, 0, 6)
    assert file_tree(tmp_path / "blocks") == cold
    # Not logging at debug level, MkDocs also records links to anchors: kept too.
    for attempt in ("quiet", "quiet-again"):
        assert mkdocs_build(project, tmp_path / attempt).returncode == 0
        assert file_tree(tmp_path / attempt) == cold


def test_cache_false_keeps_nothing_and_builds_the_same(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    _build(project, tmp_path / "cached")
    shutil.rmtree(project / FOLDER)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text().replace("workers: 0", "workers: 0\n      cache: false")
    )
    assert _build(project, tmp_path / "uncached") == (6, 0, 0)
    assert _build(project, tmp_path / "again") == (6, 0, 0)
    assert not (project / FOLDER).exists()
    assert file_tree(tmp_path / "cached") == file_tree(tmp_path / "uncached")


def test_damaged_or_foreign_entries_are_rebuilt(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    _build(project, tmp_path / "first")
    packs = list((project / FOLDER / PACKS).glob("*.pack"))
    records = [record for pack in packs for record in _records(pack)[1]]
    # the code blocks, the pages, and the snippet analyses and field checks
    assert len(records) > 6 + GENERATED
    keys = [header.split(b" ")[0] for header, _ in records]

    def damage(number: int, record: Record) -> Record:
        header, body = record
        if number % 2 == 0:  # same length, another text
            return header, body.replace(b"<", b">", 1) if b"<" in body else body + b" "
        # another entry's name over this one's body
        return header.replace(keys[number], keys[number - 1], 1), body

    _rewrite(project / FOLDER, damage)
    assert _build(project, tmp_path / "second") == (6, 0, 0)
    assert file_tree(tmp_path / "first") == file_tree(tmp_path / "second")
    assert _pages(project, tmp_path / "third") == (0, GENERATED)
    # A pack cut short in a record: the records before it are still read.
    for pack in (project / FOLDER / PACKS).glob("*.pack"):
        pack.write_bytes(pack.read_bytes()[:-20])
    converted, stored = _pages(project, tmp_path / "fourth")
    assert converted <= 1 and converted + stored == GENERATED
    assert file_tree(tmp_path / "first") == file_tree(tmp_path / "fourth")


def test_packs_beyond_the_limit_are_merged_into_one(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    _build(project, tmp_path / "first")
    folder = project / FOLDER / PACKS
    (pack,) = folder.glob("*.pack")
    magic, records = _records(pack)
    # One record per pack, as if each had been written by another build.
    for number, (header, body) in enumerate(records):
        (folder / f"{number:04d}.pack").write_bytes(b"%s\n%s\n%s" % (magic, header, body))
    pack.unlink()
    assert len(records) > MAX_PACKS
    assert _pages(project, tmp_path / "merged") == (0, GENERATED)
    assert len(list(folder.glob("*.pack"))) == 1
    assert sorted(_records(next(folder.glob("*.pack")))[1]) == sorted(records)
    assert file_tree(tmp_path / "merged") == file_tree(tmp_path / "first")


def test_one_changed_example_is_all_that_is_converted_again(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    _build(project, tmp_path / "before")
    path = project / SIGNAL
    text = path.read_text()
    assert text.count("# An admin has approved a user's account") == 1
    path.write_text(text.replace("# An admin has approved", "# An admin approved"))
    assert _build(project, tmp_path / "after") == (1, 0, 5)
    path.write_text(text.replace("# An admin has approved", "# An admin had approved"))
    assert _pages(project, tmp_path / "again") == (1, GENERATED - 1)
    page = "api/django.dispatch.Signal/index.html"
    assert "An admin had approved" in (tmp_path / "again" / page).read_text()


THEME = re.compile(r"theme: (\d+) pages rendered, (\d+) from the cache")


def _theme(project: Path, site: Path) -> tuple[int, int]:
    """A real `mkdocs build --strict`; its pages: rendered by the theme, from the cache."""
    done = verbose_build(project, site)
    assert done.returncode == 0, done.stderr
    found = THEME.search(done.stderr)
    assert found is not None, done.stderr
    rendered, stored = (int(n) for n in found.groups())
    return rendered, stored


def test_the_theme_renders_again_only_what_changed(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    rendered, stored = _theme(project, tmp_path / "cold")
    assert rendered >= GENERATED and stored == 0
    pages = rendered
    assert _theme(project, tmp_path / "warm") == (0, pages)
    cold = file_tree(tmp_path / "cold")
    assert file_tree(tmp_path / "warm") == cold
    # One example changed: its page alone goes through the theme again.
    path = project / SIGNAL
    text = path.read_text()
    path.write_text(text.replace("# An admin has approved", "# An admin approved"))
    assert _theme(project, tmp_path / "changed") == (1, pages - 1)
    changed = file_tree(tmp_path / "changed")
    page = "api/django.dispatch.Signal/index.html"
    assert "# An admin approved" in changed[page].decode()
    assert {name for name in cold if changed.get(name) != cold[name]} <= {
        page,
        "search/search_index.json",
        "sitemap.xml.gz",
    }
    # A library's name is in the nav every page shows: all of them are rendered again.
    library = project / "content" / "libraries" / "django.yml"
    library.write_text(library.read_text().replace("name: Django\n", "name: Django, renamed\n", 1))
    assert _theme(project, tmp_path / "renamed") == (pages, 0)
    # So does a changed theme template of the site's own.
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}\n<!-- the site\'s own -->\n')
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        )
    )
    assert _theme(project, tmp_path / "overridden") == (pages, 0)
    (overrides / "main.html").write_text('{% extends "base.html" %}\n<!-- changed -->\n')
    assert _theme(project, tmp_path / "again") == (pages, 0)
    assert _theme(project, tmp_path / "same") == (0, pages)


def test_a_template_showing_the_build_date_is_always_rendered(
    project: Path, tmp_path: Path
) -> None:
    plugin_options(project, "workers: 0")
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block footer %}{{ build_date_utc }}{% endblock %}\n'
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        )
    )
    for attempt in ("first", "second"):
        done = verbose_build(project, tmp_path / attempt)
        assert done.returncode == 0, done.stderr
        assert THEME.search(done.stderr) is None  # nothing kept, nothing reused


def test_a_reused_page_logs_its_warnings_again(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    _dead_link(project)
    warning = "contains a link 'gone.md', but the target 'projects/gone.md' is not found"
    for attempt in ("first", "second"):
        done = verbose_build(project, tmp_path / attempt)
        assert done.returncode == 1
        assert warning in done.stderr, done.stderr
    found = PAGES.search(done.stderr)
    assert found is not None and found.groups() == ("0", str(GENERATED), "0"), done.stderr


def test_two_builds_at_once_share_the_cache_safely(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [
        subprocess.Popen([*command, str(tmp_path / name)], cwd=project, env=env)
        for name in ("one", "two")
    ]
    assert [build.wait() for build in builds] == [0, 0]
    assert not [p for p in (project / FOLDER).rglob(".*") if p.is_file()]
    assert _pages(project, tmp_path / "warm") == (0, GENERATED)
    assert (
        file_tree(tmp_path / "one") == file_tree(tmp_path / "two") == file_tree(tmp_path / "warm")
    )


def test_pooled_build_is_byte_identical_to_the_serial_one(project: Path, tmp_path: Path) -> None:
    plugin_options(project, "workers: 0", "cache: false")
    assert _build(project, tmp_path / "serial") == (6, 0, 0)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text().replace("workers: 0", "workers: 2")
    )
    made, by_workers, stored = _build(project, tmp_path / "pooled")
    assert (made, stored) == (6, 0)
    assert by_workers <= made
    assert file_tree(tmp_path / "serial") == file_tree(tmp_path / "pooled")
    done = _run_workers_first(project, tmp_path / "by-workers")
    assert done.returncode == 0, done.stderr
    assert "code blocks: 6 highlighted (6 of them by workers), 0 from" in done.stderr
    assert f"pages: 0 converted, 0 from the cache, {GENERATED} by workers" in done.stderr
    assert file_tree(tmp_path / "serial") == file_tree(tmp_path / "by-workers")


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_page_a_worker_converted_logs_its_warnings_once(
    project: Path, tmp_path: Path, engine: str
) -> None:
    plugin_options(project, "workers: 2")
    _dead_link(project)
    done = _run_workers_first(project, tmp_path / "site", engine)
    assert done.returncode == 1
    warning = "contains a link 'gone.md', but the target 'projects/gone.md' is not found"
    assert done.stderr.count(warning) == 1, done.stderr
    assert f"0 from the cache, {GENERATED} by workers" in done.stderr


def _dead_link(project: Path) -> None:
    """A link to no page on viewflow's page, made by a template: MkDocs warns of it (a link
    in a content field is a content error, which stops the build before any page)."""
    (project / "templates").mkdir()
    template = (ROOT / "templates" / "project.md.j2").read_text()
    description = "{{ project.model.description }}"
    assert template.count(description) == 1
    link = '{% if project.id == "viewflow" %} See [gone](gone.md).{% endif %}'
    (project / "templates" / "project.md.j2").write_text(
        template.replace(description, description + link)
    )


def _page(number: int) -> str:
    code = "\n".join(f"value_{number}_{line} = compute({line})" for line in range(number + 2))
    fence = f'```python title="page{number}.py" linenums="{number + 1}" hl_lines="1 2"'
    return f"# Page {number}\n\nText.\n\n{fence}\n{code}\n```\n\nMore text, `inline` code.\n"


def test_workers_hand_over_the_blocks_a_page_render_makes(tmp_path: Path) -> None:
    pages = {f"p{n}.md": _page(n) for n in range(9)}
    extensions = list(REQUIRED_EXTENSIONS)
    configs = {name: dict(options) for name, options in REQUIRED_EXTENSIONS.items()}
    blocks = Blocks(Store(None), Speedups())
    spawn = multiprocessing.get_context("spawn")  # as under `mkdocs serve`
    state = (extensions, configs, blocks.store, True)
    pool = Ahead(
        Workers().pool(spawn, state, workers=2, start=start_highlighter),
        highlight,
        batches(list(pages), lambda batch: [pages[name] for name in batch]),
    )
    wait(set(pool.batch_of.values()))
    made = 0
    for name in pages:
        result = pool.reached(name)
        if result is not None:
            found, counts = result
            blocks.ready.update(found)
            made += counts["made"]
    assert len(blocks.ready) == len(pages) == made
    for name, text in pages.items():
        plain = markdown.Markdown(extensions=extensions, extension_configs=configs)
        reused = markdown.Markdown(
            extensions=[*extensions, CodeBlocksExtension(blocks)], extension_configs=configs
        )
        assert reused.convert(text) == plain.convert(text), name
    assert not blocks.ready
    pool.close()


def test_store_ignores_entries_that_do_not_match_their_name(tmp_path: Path) -> None:
    store = Store(tmp_path)
    key, other = key_of(["a"]), key_of(["b"])
    assert key != other
    assert store.get(key) is None
    store.put(key, "<pre>é</pre>")
    store.put(key, "<pre>é</pre>")  # the same entry again: not written twice
    assert store.get(key) == "<pre>é</pre>"
    (pack,) = (tmp_path / PACKS).glob("*.pack")
    magic, records = _records(pack)
    assert len(records) == 1
    header, body = records[0]
    pack.unlink()
    damaged = {
        "another name": (magic, header.replace(key.encode(), other.encode()), body),
        "another body": (magic, header, body.replace(b"<", b">")),
        "not a pack": (b"not a pack", header, body),
    }
    for what, parts in damaged.items():
        (tmp_path / PACKS / "0.pack").write_bytes(b"\n".join(parts))
        reopened = _fresh_store(tmp_path)
        assert (reopened.get(key), reopened.get(other)) == (None, None), what
    (tmp_path / PACKS / "0.pack").write_bytes(b"\n".join((magic, header, body)))
    assert _fresh_store(tmp_path).get(key) == "<pre>é</pre>"
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]  # no temporary files left


def _fresh_store(folder: Path) -> Store:
    """A store of `folder` as a new process sees it."""
    cache._OPEN.clear()
    return Store(folder)


def _check(project: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "example_pages", "check", *flags]
    return subprocess.run(command, cwd=project, capture_output=True, text=True)


def test_check_reports_the_same_from_the_cache_and_no_cache_keeps_none(project: Path) -> None:
    path = project / SIGNAL
    text = path.read_text()
    broken = text.replace("import django.dispatch\n", "import django.dispatch(\n", 1)
    assert broken != text
    path.write_text(broken)
    first = _check(project)
    assert first.returncode == 1
    assert first.stderr == (
        "content/apis/django.dispatch.Signal.yml:40:8: example 1 (django-simple-history): the "
        "excerpt ends inside an open '(' (opened at snippet line 1); end it at a statement "
        "boundary or add the closing lines\nAborted with 1 content error.\n"
    )
    assert any((project / FOLDER).rglob("*"))
    again = _check(project)
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, first.stderr)
    shutil.rmtree(project / FOLDER)
    uncached = _check(project, "--no-cache")
    assert (uncached.stdout, uncached.stderr) == (first.stdout, first.stderr)
    assert not (project / FOLDER).exists()


def test_stored_checks_equal_the_checks(tmp_path: Path) -> None:
    store = Store(tmp_path)
    code = "import demo\n\n\ndef f(x):\n    return demo.run(x\n"
    fresh = analyze(code, "demo.run")
    assert fresh.issues
    assert analyze_stored(store, code, "demo.run") == fresh
    assert analyze_stored(store, code, "demo.run") == fresh
    good = "import demo\n\n# ...\nvalue = demo.run(1)\n"
    assert analyze_stored(store, good, "demo.run") == analyze(good, "demo.run")
    assert analyze_stored(store, good, "demo.run") == analyze(good, "demo.run")
    field = "See <b>this</b> and ![img](x.png) and [bad](javascript:alert(1))."
    issues = markdown_issues(field)
    assert len(issues) >= 2
    assert markdown_issues_stored(store, field) == issues
    assert markdown_issues_stored(store, field) == issues
    (pack,) = (tmp_path / PACKS).glob("*.pack")
    assert len(_records(pack)[1]) == 3
    # A load keeps what it read or made (entries are named by their input), and hands it to
    # the next load; a new one uses what the store holds.
    analyses = Analyses(store)
    assert analyses.get(good, "demo.run") == analyze(good, "demo.run")
    store.put(key_of(["analysis", good, "demo.run", (3, 8), []]), '[[7], ["x"], false, []]')
    assert analyses.get(good, "demo.run") == analyze(good, "demo.run")
    assert Analyses(store, analyses.used).get(good, "demo.run") == analyze(good, "demo.run")
    assert Analyses(store).get(good, "demo.run").use_lines == (7,)
    assert analyze_stored(store, good, "demo.run").use_lines == (7,)
    store.put(key_of(["analysis", good, "demo.run", (3, 8), []]), "not json")
    assert analyze_stored(store, good, "demo.run") == analyze(good, "demo.run")
