"""Importing Full Stack Python's pages: golden YAML for a handful, and the whole real site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from example_pages.cli import main
from example_pages.content.load import load_site
from example_pages.files import OUT_MARKER
from example_pages.importer import fsp_map
from example_pages.settings import Settings
from tests.conftest import ROOT, mkdocs_build

SHARED = ROOT.parent / "shared"
PAGES = SHARED / "fsp" / "examples"
GOLDEN = ROOT / "tests" / "golden" / "fsp"
HANDFUL = [
    "flask/flask-request.markdown",  # hand-written (2019): prose intro, an object, no kind word
    "django/django-forms-fileinput.markdown",  # generated (2020): one-line intro
    "flask/flask-json-jsonencoder.markdown",  # a sibling list, resolved to the new page ...
    "flask/flask-json-jsonify.markdown",  # ... which links back
    "sqlalchemy/sqlalchemy-orm-mapper-mapper.markdown",
    "pandas/pandas-example-projects-code.markdown",  # a hub page: library and projects
]


@pytest.fixture(scope="module")
def pages() -> Path:
    if not PAGES.is_dir():
        # In this workplace's CI the shared folder is beside the clone and must hold the
        # pages; a clone elsewhere (a fork's GitHub Actions) has no shared folder at all.
        if os.environ.get("CI") and SHARED.is_dir():
            pytest.fail(f"{PAGES} is missing; CI must provide the Full Stack Python pages")
        pytest.skip(f"{PAGES} is not here")
    return PAGES


def _files(folder: Path) -> dict[str, str]:
    """The imported files, without the list of them the import keeps (OUT_MARKER)."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != OUT_MARKER
    }


def test_a_handful_of_pages_match_the_golden_yaml(
    pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pages"
    for name in HANDFUL:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(pages / name, source / name)
    out = tmp_path / "content"
    assert main(["import", "fsp", str(source), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    files = _files(out)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN / "content", ignore_errors=True)
        for name, text in files.items():
            (GOLDEN / "content" / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / "content" / name).write_text(text, encoding="utf-8")
        (GOLDEN / "summary.txt").write_text(summary, encoding="utf-8")
    assert files == _files(GOLDEN / "content")
    assert summary == (GOLDEN / "summary.txt").read_text(encoding="utf-8")
    site = load_site(out, root=out, settings=Settings(snippet_errors="warn"))
    assert [a.api for a in site.apis] == [
        "django.forms.FileInput",
        "flask.json.JSONEncoder",
        "flask.json.jsonify",
        "flask.request",
        "sqlalchemy.orm.mapper.Mapper",
    ]


def test_fsp_links_resolve_to_new_pages_or_the_original_site() -> None:
    pages = {"/flask-json-jsonify-examples.html": "flask.json.jsonify.md"}
    dropped: list[str] = []
    text = fsp_map.rewrite_links(
        '<a href="/flask-json-jsonify-examples.html">jsonify</a> and [Flask](/flask.html) '
        'and [docs](https://flask.palletsprojects.com/) <img src="/img/logo.png">',
        pages.get,
        dropped,
    )
    assert text == (
        "[jsonify](flask.json.jsonify.md) and [Flask](https://www.fullstackpython.com/flask.html)"
        " and [docs](https://flask.palletsprojects.com/)"
    )
    assert dropped == ['<img src="/img/logo.png">']


@pytest.mark.parametrize(
    ("sentence", "spdx"),
    [
        ("open source under the [MIT license](https://x.org/LICENSE).", "MIT"),
        (
            'under the [BSD 3-Clause "New"](https://x.org/LICENSE) or "Revised" License.',
            "BSD-3-Clause",
        ),
        (
            "under the [GNU Affero General Public License v3.0](https://x.org/LICENSE).",
            "AGPL-3.0-only",
        ),
        ("under the [FreeBSD license](https://x.org/LICENSE).", "BSD-2-Clause"),
        ("under the [Apache2 license](https://x.org/LICENSE).", "Apache-2.0"),
        ("under the [BSD license](https://x.org/LICENSE).", None),
        ("is [open source](https://x.org/LICENSE).", None),
    ],
)
def test_license_sentences_map_to_spdx_only_when_clear(sentence: str, spdx: str | None) -> None:
    assert fsp_map.license_id(sentence) == spdx


def test_the_whole_site_imports_checks_and_builds(pages: Path, tmp_path: Path) -> None:
    project = tmp_path / "site"
    content = project / "content"
    assert main(["import", "fsp", str(pages), "--out", str(content)]) == 0
    site = load_site(content, root=project, settings=Settings(snippet_errors="warn"))
    assert len(site.apis) == 519  # SQLAlchemy.Model is not imported: see sqlalchemy.*
    assert sum(len(a.examples) for a in site.apis) == 1307
    assert site.warnings, "the real pages have excerpt mistakes that must be listed"
    assert all(w.severity == "warning" for w in site.warnings)
    (content / "index.md").write_text("# Full Stack Python's examples, imported\n")
    config = {
        "site_name": "Imported examples",
        "docs_dir": "content",
        "theme": {"name": "material", "font": False},
        "plugins": [
            "search",
            {"example-pages": {"snippet_errors": "warn"}},
        ],
        # no markdown_extensions: the plugin adds the ones its pages need
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    result = mkdocs_build(project, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "api" / "flask.json.jsonify" / "index.html"
    assert "flask_appbuilder/security/decorators.py" in page.read_text(encoding="utf-8")


API_PAGE = """title: demo.signals Signal Example Python Code
slug: demo-signals-signal-examples
meta: Python code examples for the Signal class of the made-up demo project.


The Signal class of demo.signals sends events.


## Example 1 from demo-project
[demo-project](https://github.com/demo/demo-project) is made up for tests,
[under this license](https://github.com/demo/demo-project/blob/master/LICENSE) (MIT).

[**demo-project / demo / signals.py**](https://github.com/demo/demo-project/blob/master/demo/signals.py)

```python
from demo.signals import Signal

ready = Signal()
```
"""


def test_a_hub_slug_never_reaches_another_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    (source / "demo-signals-signal.markdown").write_text(API_PAGE)
    hub = "title: {title} example code\nslug: {slug}\n\nExample code that uses {title}.\n"
    (source / "evil.markdown").write_text(
        hub.format(title="Evil", slug="../apis/demo.signals.Signal")
    )
    (source / "escape.markdown").write_text(hub.format(title="Escape", slug="../../../escape"))
    out = tmp_path / "site" / "content"
    assert main(["import", "fsp", str(source), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert (
        "escape.markdown:1: '../../../escape' cannot be a library id (use lowercase letters, "
        "digits, '.', '_' and '-', no '/' or '..'); page not imported"
    ) in report
    assert (
        "evil.markdown:1: '../apis/demo.signals.Signal' cannot be a library id (use lowercase "
        "letters, digits, '.', '_' and '-', no '/' or '..'); page not imported"
    ) in report
    assert "and 0 libraries" in report
    page = yaml.safe_load((out / "apis/demo.signals.Signal.yml").read_text())
    assert page["api"] == "demo.signals.Signal"
    assert not (tmp_path / "escape.yml").exists() and not (out / "libraries").exists()
