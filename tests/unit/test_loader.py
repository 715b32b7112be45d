"""Loading and validating content: positions and the exact messages authors see."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages.content.load import FileCache, load_site
from example_pages.content.yamlload import load_document
from example_pages.errors import ContentError
from example_pages.settings import Settings
from tests.conftest import STARTER_CONTENT

PROJECT = """\
name: demo-project
repo: https://example.com/demo/demo-project
license: MIT
description: A project made up for tests.
"""

API = """\
api: demo.signals.Signal
kind: class
summary: A made-up API.
examples:
  - project: demo-project
    file: demo/signals.py
    ref: 0123456789abcdef0123456789abcdef01234567
    line: 3
    code: |
      from demo.signals import Signal

      ready = Signal()
"""


def make_content(tmp_path: Path, api: str = API, project: str = PROJECT) -> Path:
    content = tmp_path / "content"
    (content / "projects").mkdir(parents=True)
    (content / "apis").mkdir()
    (content / "projects" / "demo-project.yml").write_text(project)
    (content / "apis" / "demo.signals.Signal.yml").write_text(api)
    return content


def errors(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_site(content, root=content.parent)
    return [str(p) for p in info.value.problems]


def test_valid_content_loads(tmp_path: Path) -> None:
    site = load_site(make_content(tmp_path), root=tmp_path)
    [api] = site.apis
    [example] = api.examples
    assert api.title == "demo.signals Signal Example Code"
    assert example.project.model.name == "demo-project"
    assert example.highlight == (1, 3)


def test_positions_of_values_keys_and_block_scalar_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text(API)
    doc, problems = load_document(path, "a.yml")
    assert problems == []
    assert (doc.at(("kind",)).line, doc.at(("kind",)).col) == (2, 7)
    assert (doc.key_at(("examples", 0, "ref")).line, doc.key_at(("examples", 0, "ref")).col) == (
        7,
        5,
    )
    code = doc.at(("examples", 0, "code"))
    assert (code.line, code.col) == (9, 11)
    # the third line of the snippet is line 12 of the file, indented by 6
    assert code.inside(3, 1) == (12, 7)


def test_windows_line_endings_keep_snippet_lines_right(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(API.replace("\n", "\r\n").encode())
    doc, problems = load_document(path, "a.yml")
    assert problems == []
    assert (
        doc.data["examples"][0]["code"] == "from demo.signals import Signal\n\nready = Signal()\n"
    )
    assert doc.at(("examples", 0, "code")).inside(3, 1) == (12, 7)


def test_duplicate_key(tmp_path: Path) -> None:
    content = make_content(
        tmp_path, api=API.replace("kind: class\n", "kind: class\nkind: module\n")
    )
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:3:1: duplicate key 'kind' (first given at line 2); "
        "YAML keeps only one of them, so remove or rename one"
    ]


def test_tab_indentation(tmp_path: Path) -> None:
    content = make_content(tmp_path, api=API.replace("  - project", "\t- project"))
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:5:1: a tab character is used for indentation; "
        "YAML indents with spaces only, so replace the tab with spaces"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    content = make_content(tmp_path, api=API.replace("line: 3", 'line: "3"'))
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:8:12: example 1 (demo-project): 'line': "
        "Expected type: integer but received: string; write the number without quotes"
    ]


def test_unknown_key_names_the_closest(tmp_path: Path) -> None:
    content = make_content(tmp_path, api=API.replace("    code: |", "    kode: 1\n    code: |"))
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:9:5: example 1 (demo-project): unknown key 'kode'; "
        "did you mean 'code'?"
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    content = make_content(tmp_path, project=PROJECT.replace("license: MIT\n", ""))
    assert errors(content) == [
        "content/projects/demo-project.yml:1:1: 'license': Required configuration not provided; "
        "add `license:`"
    ]


def test_missing_project(tmp_path: Path) -> None:
    content = make_content(
        tmp_path, api=API.replace("project: demo-project", "project: demo-projet")
    )
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:5:14: example 1: unknown project 'demo-projet'; "
        "did you mean 'demo-project'?"
    ]
    content = make_content(tmp_path / "b", api=API.replace("project: demo-project", "project: x"))
    assert errors(content) == [
        "content/apis/demo.signals.Signal.yml:5:14: example 1: unknown project 'x'; "
        "create content/projects/x.yml"
    ]


def test_every_problem_is_listed(tmp_path: Path) -> None:
    api = API.replace("kind: class", "kind: klass").replace("line: 3", "line: 0")
    project = PROJECT.replace("license: MIT", "license: GNU Alfredo")
    assert errors(make_content(tmp_path, api=api, project=project)) == [
        "content/apis/demo.signals.Signal.yml:2:7: 'kind': 'klass' is not one of 'class', "
        "'function', 'callable', 'constant', 'module' or 'attribute'; did you mean 'class'?",
        "content/apis/demo.signals.Signal.yml:8:11: example 1 (demo-project): 'line': "
        "must be 1 or more (lines count from 1)",
        "content/projects/demo-project.yml:3:10: 'license': unknown SPDX license 'GNU Alfredo': "
        "use an identifier from https://spdx.org/licenses/ (for example MIT, BSD-3-Clause, "
        "Apache-2.0, AGPL-3.0-or-later), or an expression such as 'MIT OR Apache-2.0'",
    ]


def test_snippet_parse_error_is_located_in_the_yaml(tmp_path: Path) -> None:
    api = API.replace("ready = Signal()", "ready = Signal(\nnever = closed")
    api = api.replace("\nnever = closed", "\n      never = closed")
    assert errors(make_content(tmp_path, api=api)) == [
        "content/apis/demo.signals.Signal.yml:13:21: example 1 (demo-project): the excerpt ends "
        "inside an open '(' (opened at snippet line 3); end it at a statement boundary or add "
        "the closing lines"
    ]


def test_snippet_that_never_uses_the_api(tmp_path: Path) -> None:
    api = API.replace("from demo.signals import Signal", "from other import Signal")
    assert errors(make_content(tmp_path, api=api)) == [
        "content/apis/demo.signals.Signal.yml:9:11: example 1 (demo-project): the snippet never "
        "uses demo.signals.Signal; quote the lines that import or use it, or set "
        "`expect_use: false` if it shows context only"
    ]
    opted_out = api.replace("    code: |", "    expect_use: false\n    code: |")
    assert load_site(make_content(tmp_path / "b", api=opted_out)).apis[0].examples


def test_the_starter_content_checks_clean() -> None:
    site = load_site(STARTER_CONTENT, root=STARTER_CONTENT.parent)
    [signal] = site.apis
    assert [e.project.id for e in signal.examples] == [
        "django-simple-history",
        "aldryn-accounts",
        "django-easy-timezones",
        "viewflow",
        "django-registration-redux",
        "django-cors-headers",
    ]
    assert site.warnings == []


def test_a_reload_checks_again_what_an_example_depends_on(tmp_path: Path) -> None:
    """A kept load reuses an API page's example checks only while the page file, the
    settings and the projects its examples quote are the same."""
    content = make_content(tmp_path)
    cache = FileCache()
    first = load_site(content, root=tmp_path, cache=cache)
    again = load_site(content, root=tmp_path, cache=cache)
    assert again.apis[0].examples == first.apis[0].examples
    assert again.apis[0].examples[0].project is again.projects["demo-project"]
    # nothing changed: the same entries, which what a rebuild keeps by identity relies on
    assert again.apis[0] is first.apis[0]
    assert again.projects["demo-project"] is first.projects["demo-project"]

    # the project changes: the example shows the new one, in a new page entry
    project = content / "projects" / "demo-project.yml"
    project.write_text(PROJECT.replace("license: MIT", "license: Apache-2.0"))
    changed = load_site(content, root=tmp_path, cache=cache)
    assert str(changed.apis[0].examples[0].project.model.license) == "Apache-2.0"
    assert changed.apis[0] is not first.apis[0]
    assert changed.apis[0].examples[0].project is changed.projects["demo-project"]
    assert load_site(content, root=tmp_path, cache=cache).apis[0] is changed.apis[0]

    # a snippet that no longer uses its API: a warning under `warn`, an error otherwise
    api = content / "apis" / "demo.signals.Signal.yml"
    api.write_text(API.replace("ready = Signal()", "ready = 1").replace("Signal\n\n", "os\n\n"))
    warned = load_site(
        content, root=tmp_path, cache=cache, settings=Settings(snippet_errors="warn")
    )
    assert [p.severity for p in warned.warnings] == ["warning"]
    with pytest.raises(ContentError) as info:
        load_site(content, root=tmp_path, cache=cache)
    assert "never uses demo.signals.Signal" in str(info.value.problems[0])

    # the project file goes: its examples are checked again
    api.write_text(API)
    load_site(content, root=tmp_path, cache=cache)
    project.unlink()
    with pytest.raises(ContentError) as info:
        load_site(content, root=tmp_path, cache=cache)
    assert "unknown project 'demo-project'" in str(info.value.problems[0])
