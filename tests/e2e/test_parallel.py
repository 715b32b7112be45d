"""Work done in forked processes: API files loaded and their snippets analyzed ahead of the
checks, and the theme rendering pages beside the build. Whatever the split, the
result is the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate
from tests.conftest import copy_site, file_tree, plugin_options, verbose_build

# Enough generated pages and snippets for the build and the check to fork workers.
PAGES = 120


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site(tmp_path_factory.mktemp("big") / "project")
    generate(project / "content", PAGES)
    return project


def _copy(big_site: Path, target: Path) -> Path:
    subprocess.run(["cp", "-r", str(big_site), str(target)], check=True)
    return target


def test_the_split_build_is_byte_identical_to_the_serial_one(
    big_site: Path, tmp_path: Path
) -> None:
    serial = _copy(big_site, tmp_path / "serial")
    plugin_options(serial, "workers: 0", "cache: false")
    done = verbose_build(serial, tmp_path / "serial-site")
    assert done.returncode == 0, done.stderr
    assert "rendered by a forked process" not in done.stderr
    split = _copy(big_site, tmp_path / "split")
    plugin_options(split, "workers: 1", "cache: false")
    done = verbose_build(split, tmp_path / "split-site")
    assert done.returncode == 0, done.stderr
    assert "pages rendered by a forked process" in done.stderr
    assert "Generated empty output" not in done.stderr
    assert file_tree(tmp_path / "serial-site") == file_tree(tmp_path / "split-site")


def test_a_plugin_that_sees_rendered_pages_keeps_the_build_serial(
    big_site: Path, tmp_path: Path
) -> None:
    project = _copy(big_site, tmp_path / "project")
    (project / "hooks.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- seen --></body>')\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks.py\n")
    for attempt in ("site", "again"):
        done = verbose_build(project, tmp_path / attempt)
        assert done.returncode == 0, done.stderr
        assert "rendered by a forked process" not in done.stderr
        assert "pages rendered" not in done.stderr  # nor its output kept for the next build
    pages = list((tmp_path / "site" / "api").rglob("index.html"))
    assert len(pages) >= PAGES
    assert all("<!-- seen -->" in page.read_text() for page in pages)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_page_the_forked_process_cannot_render_fails_theverbose_build(
    big_site: Path, tmp_path: Path, engine: str
) -> None:
    project = _copy(big_site, tmp_path / "project")
    overrides = project / "overrides"
    overrides.mkdir()
    # The build gives the templates of the pages it takes this value; the forked process,
    # which renders each page's own template, does not.
    failing = "example_pages_mine is not defined"
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        f"{{% if {failing} %}}{{{{ missing.attribute.here }}}}{{% endif %}}"
        "{{ super() }}{% endblock %}\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        )
    )
    done = verbose_build(project, tmp_path / "site", engine)
    assert done.returncode == 1
    assert "pages rendered by a forked process" in done.stderr
    assert "Error building page" in done.stderr and "'missing' is undefined" in done.stderr
    assert "the theme could not render a page" in done.stderr
    assert "Traceback" not in done.stderr


def _broken(content: Path) -> None:
    """Break a snippet near the end, where a worker analyzes it, and a file at each end."""
    files = sorted((content / "apis").glob("*.yml"))
    text = files[-2].read_text()
    files[-2].write_text(text.replace("    code: |\n", "    code: |\n      def broken(:\n", 1))
    for path in (files[0], files[-1]):
        text = path.read_text()
        assert "  - project: " in text
        path.write_text(text.replace("  - project: ", "  - projekt: ", 1))


# Loads the content with `workers` workers in a fresh process (one thread, so it may fork),
# and prints how many API files workers loaded, how many analyses were left unused, then each
# problem.
LOAD = """
import sys
from pathlib import Path
from example_pages.content import load
from example_pages.errors import ContentError
from example_pages.settings import Settings

start = load._Loader._parts
forked = []
loaders = []
def counting(self, *args):
    parts = start(self, *args)
    forked.append(0 if parts is None else sum(len(part) for part in parts[1:]))
    loaders.append(self)
    return parts
load._Loader._parts = counting
try:
    load.load_site(Path("content"), root=Path("."), settings=Settings(workers=int(sys.argv[1])))
    problems = []
except ContentError as error:
    problems = [str(p) for p in error.problems]
print(forked[0])
print(len(loaders[0].analyses.ahead))
print("\\n".join(problems))
"""


def test_files_loaded_and_analyzed_by_workers_give_the_same_problems(
    big_site: Path, tmp_path: Path
) -> None:
    project = _copy(big_site, tmp_path / "project")
    _broken(project / "content")
    results = {}
    for workers in (0, 1, 3):
        command = [sys.executable, "-c", LOAD, str(workers)]
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=True)
        forked, left, *problems = done.stdout.splitlines()
        assert (int(forked) > 0) == (workers != 0), workers
        assert left == "0"  # every analysis made ahead was used
        results[workers] = problems
    assert results[0] == results[1] == results[3]
    assert len(results[0]) >= 3, results[0]
    assert sum("the excerpt ends inside an open '('" in line for line in results[0]) == 1
    assert sum("projekt" in line for line in results[0]) >= 2


@pytest.mark.parametrize("errors", ["error", "warn"])
def test_dead_links_looked_for_in_a_forked_process_are_told_as_serial_ones(
    big_site: Path, tmp_path: Path, errors: str
) -> None:
    """A dead link in a summary fails the strict build, at its YAML line, whether a forked
    process or the build looked for it; under `snippet_errors: warn` it is told once."""
    told = {}
    for workers in (0, 1):
        project = _copy(big_site, tmp_path / f"{errors}-{workers}")
        plugin_options(project, f"workers: {workers}", "cache: false", f"snippet_errors: {errors}")
        api = sorted((project / "content" / "apis").glob("*.yml"))[0]
        text = api.read_text()
        api.write_text(
            text.replace("summary: >-\n", "summary: >-\n  See [the guide](no-such.md).\n", 1)
        )
        done = verbose_build(project, tmp_path / f"site-{errors}-{workers}")
        assert done.returncode == 1, done.stderr
        forked = "links: looked for in a forked process" in done.stderr
        assert forked == (workers == 1)
        lines = done.stderr.splitlines()
        told[workers] = [line for line in lines if "no-such.md" in line and "content/apis/" in line]
    assert told[0] == told[1]
    assert len(told[0]) == 1 and f"{api.name}:5:" in told[0][0], told[0]
