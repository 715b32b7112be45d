"""State belongs to a site's build, not to the process: no module keeps mutable state."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import markdown
import pymdownx.highlight as pymdownx_highlight  # type: ignore[import-untyped]
import pytest
from pymdownx.highlight import Highlight, HighlightExtension  # type: ignore[import-untyped]

from example_pages.engine.compat import Speedups
from example_pages.engine.markdown import REQUIRED_EXTENSIONS
from example_pages.engine.speedup import Speedup
from example_pages.workers import Workers
from tests.conftest import ROOT

GENERATOR = ROOT / "generator"
_MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
_CACHES = {"lru_cache", "cache", "cached_property"}
# Module-level containers and memoized functions that hold no site's state, and why.
ALLOWED = {
    # Constants: filled when the module loads, never written after.
    "authoring/cut.py:CATEGORY_NAMES": "constant",
    "authoring/gitfiles.py:_ENVIRONMENT": "constant",
    "authoring/harvest.py:TEST_DIRS": "constant",
    "authoring/init.py:_RENAMED": "constant",
    "authoring/refs.py:KINDS": "constant",
    "checks/excerpts.py:_PAIRS": "constant",
    "checks/limits.py:_END": "constant: compiled patterns",
    "checks/markdown.py:_EVERYWHERE": "constant",
    "checks/markdown.py:ALLOWED_ATTRIBUTES": "constant",
    "checks/snippets.py:__all__": "constant",
    "cli/__init__.py:SUBCOMMANDS": "constant",
    "content/models.py:MARKDOWN_FIELDS": "constant",
    "content/models.py:FILE_KINDS": "constant",
    "content/placeholders.py:_WHAT": "constant",
    "content/schema.py:SCHEMAS": "constant",
    "content/validate.py:_TYPE_NAMES": "constant",
    "content/validate.py:_TYPE_HINTS": "constant",
    "content/yamlload.py:_RESOLVERS": "constant",
    "content/yamlload.py:_ODDBREAKS": "constant",
    "content/yamlsyntax.py:_PLAIN_WORDS": "constant",
    "engine/compat/mkdocs.py:_VERIFIED": "constant",
    "engine/markdown.py:REQUIRED_EXTENSIONS": "constant",
    "engine/themecache.py:_TEMPLATES": "constant",
    "engine/themecache.py:_PACKAGES": "constant: where two installed packages are",
    "errors.py:_NAMED": "constant",
    "importer/fsp_map.py:_KIND_WORDS": "constant",
    "importer/fsp_map.py:_LICENSES": "constant",
    "render/inventory.py:ROLES": "constant",
    "render/freshness.py:STATUS_WORDS": "constant",
    # Facts about the installed libraries, the same for every site.
    "cache.py:library_versions": "the installed versions and our source: the same for all",
    "cache.py:_salted": "a digest of library_versions",
    "content/licenses.py:_licensing": "the SPDX license list, read once",
    "content/licenses.py:_keys": "the SPDX license list's lookup keys",
    # Pure functions of their (immutable) arguments, returning values nobody changes.
    "checks/snippets.py:analyze": "pure: its result is a frozen Analysis",
    "content/yamlload.py:_line_starts": "pure: a text's line starts, only read",
    "render/markup.py:relative": "pure: a relative link",
    "render/views.py:license_markdown": "pure: a license expression's Markdown",
    "checks/markdown.py:field_links": "pure: a field's links, a tuple",
    "render/inventory.py:_compressed": "pure: bytes compressed, as bytes",
    # Markdown instances of a fixed configuration that no site setting reaches, reset before
    # each use: two sites get the same answers from them.
    "checks/markdown.py:_raw_markdown": "fixed configuration, reset before each use",
    "checks/markdown.py:_field_markdown": "fixed configuration, reset before each use",
    "checks/links.py:_heading_markdown": "one per toc configuration (its key), reset before use",
    # The open pack files of each cache folder: two stores of one folder in one process must
    # append through the same open file; sites with different folders share nothing.
    "cache.py:_OPEN": "one open pack per cache folder per process, by folder",
    # Filled only inside a worker process, by its pool; the build's process never writes it.
    "workers.py:_WORKER_STATE": "a worker process's own state",
}


def _mutable(value: ast.expr) -> bool:
    literals = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    if isinstance(value, literals):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in _MUTABLE_CALLS
    return False


def module_state(folder: Path) -> list[str]:
    """`module:name` of each module-level mutable container or memoized function."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        where = path.relative_to(folder).as_posix()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if _mutable(node.value):
                    found += [f"{where}:{ast.unparse(target)}" for target in targets]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    called = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = getattr(called, "id", None) or getattr(called, "attr", "")
                    if name in _CACHES:
                        found.append(f"{where}:{node.name}")
    return found


def test_no_module_keeps_mutable_state_but_the_allowed() -> None:
    found = module_state(GENERATOR)
    assert [name for name in found if name not in ALLOWED] == []
    assert [name for name in ALLOWED if name not in found] == []  # the list stays current


def test_the_scan_finds_module_state(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import functools\n"
        "_kept: dict[str, int] = {}\n"
        "_seen = set()\n"
        "NAMES = ('a', 'b')\n"
        "@functools.lru_cache(maxsize=8)\n"
        "def memo(x): return x\n"
    )
    assert module_state(tmp_path) == ["m.py:_kept", "m.py:_seen", "m.py:memo"]


TEXT = '# Page\n\n```python title="a.py" linenums="3"\nimport os\nos.stat(".")\n```\n'


def _markdown(speedup: Speedup) -> markdown.Markdown:
    configs = {name: dict(options) for name, options in REQUIRED_EXTENSIONS.items()}
    return markdown.Markdown(
        extensions=[*REQUIRED_EXTENSIONS, speedup.extension()], extension_configs=configs
    )


def test_two_sites_in_one_process_do_not_leak_into_each_other() -> None:
    fast = Speedup(None, speedups=Speedups())
    plain = Speedup(None, speedups=Speedups(enabled=False))
    fast_md, plain_md = _markdown(fast), _markdown(plain)
    assert fast_md.convert(TEXT) == plain_md.convert(TEXT)
    assert fast.blocks.counts["made"] == 1 and plain.blocks.counts["made"] == 0
    assert fast.blocks.highlighter.lexers and not plain.blocks.highlighter.lexers
    assert fast.blocks.highlighter.stylesheets and not plain.blocks.highlighter.stylesheets
    # The site without speedups highlights with pymdownx's own classes, before and after.
    (extension,) = [e for e in plain_md.registeredExtensions if isinstance(e, HighlightExtension)]
    assert extension.get_pymdownx_highlighter() is Highlight
    assert pymdownx_highlight.BlockHtmlFormatter.__module__ == "pymdownx.highlight"
    # A second site with speedups keeps its own lexers and page renderer.
    other = Speedup(None, speedups=Speedups())
    _markdown(other).convert(TEXT)
    assert other.blocks.highlighter.lexers.keys() == fast.blocks.highlighter.lexers.keys()
    for key, lexer in other.blocks.highlighter.lexers.items():
        assert type(lexer) is not type(fast.blocks.highlighter.lexers[key])
    assert other.renderer is not fast.renderer
    assert other.internals is not fast.internals


def test_work_that_needs_fork_runs_here_when_threads_run_and_says_so_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    # The test runner may run threads of its own (pytest-xdist's channel): the count is set here.
    threads = [2]
    monkeypatch.setattr("example_pages.workers.threading.active_count", lambda: threads[0])
    workers = Workers()
    assert workers.context(spawn_ok=False) is None
    assert workers.context(spawn_ok=False) is None
    spawn = workers.context(spawn_ok=True)
    assert spawn is not None and spawn.get_start_method() == "spawn"
    threads[0] = 1
    fork = workers.context(spawn_ok=False)
    assert fork is not None and fork.get_start_method() == "fork"
    said = [r.getMessage() for r in caplog.records if r.name.endswith("workers")]
    assert said == [
        "example_pages: workers: running in this process because other threads are running "
        "(as under mkdocs serve), so forking is not safe"
    ]


def test_workers_option_zero_starts_none_and_says_nothing() -> None:
    assert Workers(0).size(enough=True) == 0
    assert Workers(None).size(enough=False) == 0
    assert Workers(None).size(enough=True) >= 1
    assert Workers(3).size(enough=False) == 3
