"""The adapters of other libraries' internals: each checks itself, and says so when it is off."""

from __future__ import annotations

import logging
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path
from types import ModuleType

import pytest
from pygments.lexers import get_lexer_by_name

from example_pages.content.yamlload import load_document
from example_pages.engine.compat import Adapter, Speedups, parse_version
from example_pages.engine.compat.jinja import QuickMissing
from example_pages.engine.compat.markdown import InlineByStart
from example_pages.engine.compat.material import SearchJson
from example_pages.engine.compat.mkdocs import BuildInternals, PageRender, ServerRebuild
from example_pages.engine.compat.mkdocs_serve import ServeRebuilds
from example_pages.engine.compat.pygments import JoinedLexers, table_of
from example_pages.engine.compat.pymdownx import CachedHighlighter
from example_pages.engine.compat.relex import PatternStarts
from example_pages.engine.compat.yaml import FastYaml
from tests.conftest import ROOT

ADAPTERS = [
    BuildInternals,
    PageRender,
    ServerRebuild,
    ServeRebuilds,
    JoinedLexers,
    PatternStarts,
    CachedHighlighter,
    FastYaml,
    InlineByStart,
    QuickMissing,
    SearchJson,
]
LOGGER = "mkdocs.plugins.example_pages.engine.compat"


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


@pytest.mark.parametrize("kind", ADAPTERS, ids=lambda k: k.__name__)
def test_each_adapter_passes_its_checks_with_the_installed_libraries(
    kind: type[Adapter], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert Speedups().use(kind)
    assert _messages(caplog) == []


@pytest.mark.parametrize("kind", ADAPTERS, ids=lambda k: k.__name__)
def test_speedups_off_turns_each_adapter_off_quietly(
    kind: type[Adapter], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert not Speedups(enabled=False).use(kind)
    assert _messages(caplog) == []


def test_an_unknown_version_turns_the_speedup_off_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Future(FastYaml):
        verified = ("1.0", "2")

    caplog.set_level(logging.INFO)
    speedups = Speedups()
    adapter = speedups.get(Future)
    assert not adapter.usable() and not adapter.usable()
    assert adapter.loader() is None
    version = adapter.version()
    assert _messages(caplog) == [
        "example_pages: speedups: parsing content files with libyaml is off: PyYAML "
        f"{version} is not a version it was checked against (1.0 up to, not including, 2)"
    ]


def test_a_failed_self_check_turns_the_speedup_off_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(JoinedLexers):
        def self_check(self) -> str | None:
            raise AttributeError("'RegexLexer' has no attribute '_tokens'")

    caplog.set_level(logging.INFO)
    adapter = Broken()
    lexer = get_lexer_by_name("python")
    assert adapter.fast(lexer) is lexer and adapter.fast(lexer) is lexer
    assert _messages(caplog) == [
        "example_pages: speedups: joined Pygments lexers is off: its self-check failed with "
        "AttributeError: 'RegexLexer' has no attribute '_tokens'"
    ]


def test_a_serve_loop_not_known_here_keeps_full_rebuilds_and_says_so(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mkdocs.commands.serve.build", lambda config, **options: None)
    caplog.set_level(logging.INFO)
    adapter = Speedups().get(ServeRebuilds)
    assert adapter.serve_dirty(lambda config: True) is None
    assert adapter.serve_dirty(lambda config: True) is None
    assert _messages(caplog) == [
        "example_pages: speedups: rebuilding only what an edit changed under mkdocs serve is "
        "off: its self-check failed: the serve loop does not call "
        "mkdocs.commands.build.build by that name"
    ]


def test_serve_rebuilds_are_dirty_where_wanted_until_undone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs.commands import build as build_module
    from mkdocs.commands import serve as serve_module

    calls: list[bool] = []
    monkeypatch.setattr(
        build_module, "build", lambda config, **options: calls.append(options["dirty"])
    )
    monkeypatch.setattr(serve_module, "build", build_module.build)
    undo = Speedups().get(ServeRebuilds).serve_dirty(lambda config: config == "planned")
    assert undo is not None
    serve_module.build("planned")
    serve_module.build("other")
    undo()
    assert serve_module.build is build_module.build
    assert calls == [True, False]


def test_serve_rebuilds_join_page_addresses_as_urllib_does_and_give_the_name_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from urllib.parse import urljoin

    from mkdocs.commands import build as build_module
    from mkdocs.commands import serve as serve_module
    from mkdocs.structure import pages

    cases = [
        ("https://example.org/docs/", "api/a.b/"),
        ("https://example.org/docs/", "../up/"),
        ("https://example.org/docs", "api/a.b.html"),
        ("https://github.com/o/r/", "edit/main/content/apis/a.b.yml"),
        ("", "edit/main/x.yml"),
        ("https://example.org/", "?query#frag"),
    ]
    seen: list[list[str]] = []

    def fake_build(config: object, **options: object) -> None:
        assert pages.urljoin is not urljoin  # the kept one, while the rebuild runs
        seen.append([pages.urljoin(base, url) for base, url in cases])

    monkeypatch.setattr(build_module, "build", fake_build)
    monkeypatch.setattr(serve_module, "build", build_module.build)
    undo = Speedups().get(ServeRebuilds).serve_dirty(lambda config: True)
    assert undo is not None
    serve_module.build("planned")
    serve_module.build("planned")  # the second time, from what was kept
    undo()
    assert pages.urljoin is urljoin
    assert seen == [[urljoin(base, url) for base, url in cases]] * 2


def test_serve_rebuilds_leave_a_urljoin_they_do_not_know_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs.commands import build as build_module
    from mkdocs.commands import serve as serve_module
    from mkdocs.structure import pages

    def other(base: str, url: str, allow_fragments: bool = True) -> str:
        return "other"

    monkeypatch.setattr(pages, "urljoin", other)
    seen: list[object] = []
    monkeypatch.setattr(build_module, "build", lambda config, **options: seen.append(pages.urljoin))
    monkeypatch.setattr(serve_module, "build", build_module.build)
    undo = Speedups().get(ServeRebuilds).serve_dirty(lambda config: True)
    assert undo is not None
    serve_module.build("planned")
    undo()
    assert seen == [other]
    assert pages.urljoin is other


def test_the_search_index_written_from_kept_pages_is_materials_own_text() -> None:
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    config = {"lang": ["en"], "separator": "[ ]+", "pipeline": [], "fields": {"t": {"boost": 2}}}
    one = [{"location": "a/", "title": "A", "text": '<p>caf\u00e9 & "x"</p>'}]
    two = [{"location": "b/", "title": "B", "text": ""}, {"location": "b/#c", "boost": 1.5}]
    adapter = Speedups().get(SearchJson)
    for pages in ([one, [], two], [one, [], [*two, {"location": "b/#d", "text": "new"}]]):
        plugin = SearchPlugin()
        plugin.search_index = SearchIndex(**config)
        plugin.search_index.entries = [entry for page in pages for entry in page]
        own = plugin.search_index.generate_search_index(None)
        adapter.write_from(plugin, pages)
        assert plugin.search_index.generate_search_index(None) == own
    # a page's JSON is kept while its list is the same object (as the rebuilds keep the
    # entries of a page not indexed again), and made again for a new list
    kept_text = plugin.search_index.generate_search_index(None)
    one[0]["title"] = "changed in place"
    adapter.write_from(plugin, pages)
    assert plugin.search_index.generate_search_index(None) == kept_text
    adapter.write_from(plugin, [list(one), *pages[1:]])
    assert "changed in place" in plugin.search_index.generate_search_index(None)
    # another plugin's index is left as it is
    other = type("Other", (), {"search_index": SearchIndex(**config)})()
    adapter.write_from(other, [one])
    assert "generate_search_index" not in vars(other.search_index)


def test_two_builds_share_no_lexer_or_table() -> None:
    one, two = Speedups().get(JoinedLexers), Speedups().get(JoinedLexers)
    first = one.fast(get_lexer_by_name("python"))
    second = two.fast(get_lexer_by_name("python"))
    list(first.get_tokens("x = 1\n"))
    assert type(first) is not type(second)
    assert table_of(first) is not None and table_of(first) is not table_of(second)
    assert type(one.fast(get_lexer_by_name("python"))) is type(first)  # kept within a build


def test_the_same_build_gets_the_same_adapter() -> None:
    speedups = Speedups()
    assert speedups.get(FastYaml) is speedups.get(FastYaml)
    assert Speedups().get(FastYaml) is not speedups.get(FastYaml)


def test_versions_compare_by_their_release_numbers() -> None:
    assert parse_version("1.6.0rc1") == (1, 6, 0)
    assert parse_version("2.21.0") < parse_version("3") and parse_version("") == ()


YAML = """\
# comment
title: "Quoted: value"
items:
  - 1
  - two
  - {key: null, other: 0x1F}
code: |
  def f():
      return 1
folded: >
  a
  b
date: 2020-02-30
"""


@pytest.mark.parametrize(
    "text", [YAML, "a: 1\na: 2\n", "a: !tag x\n", "a: [1,\n", "- &x 1\n- *x\n"]
)
def test_libyaml_and_the_pure_python_parser_load_the_same(tmp_path: Path, text: str) -> None:
    path = tmp_path / "file.yml"
    path.write_text(text)
    speedups = Speedups()
    fast = load_document(path, "file.yml", speedups=speedups)
    slow = load_document(path, "file.yml", speedups=Speedups(enabled=False))
    plain = load_document(path, "file.yml")
    assert fast == slow == plain
    assert speedups.use(FastYaml)


def _script() -> ModuleType:
    path = ROOT / "scripts" / "private-names"
    loader = SourceFileLoader("private_names", str(path))
    spec = spec_from_loader("private_names", loader)
    assert spec is not None
    module = module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_private_names_are_found_outside_compat_only(tmp_path: Path) -> None:
    script = _script()
    (tmp_path / "engine" / "compat").mkdir(parents=True)
    (tmp_path / "engine" / "compat" / "re.py").write_text("import re._parser\n")
    (tmp_path / "engine" / "mine.py").write_text(
        "import re._parser as p\n"
        "from yaml._yaml import CParser\n"
        "from mkdocs.commands.build import _build_page\n"
        "from . import helpers\n"
        "class Own:\n"
        "    def _step(self): return self._kept\n"
        "    def run(self, server, other):\n"
        "        self._kept = 1\n"
        "        other._step(); helpers._private()\n"
        "        hasattr(server, '_rebuild_cond')\n"
        "        return server._want_rebuild, self.__class__\n"
    )
    found = [line.split(": ", 1)[1] for line in script.scan(tmp_path)]
    assert found == [
        "import re._parser",
        "from yaml._yaml import CParser",
        "from mkdocs.commands.build import _build_page",
        "hasattr(..., '_rebuild_cond')",
        "server._want_rebuild",
    ]


def test_the_generator_uses_private_names_in_compat_only() -> None:
    assert _script().scan(ROOT / "generator") == []
