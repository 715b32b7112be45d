"""Plain `mkdocs serve` while an author works: templates made while serving, template errors
named where they are, and warnings listed once, then only what changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, copy_site, plugin_options
from tests.e2e.serving import SIGNAL, page_text, serving


def wait_for(what: str, done: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + 60
    while not done():
        assert time.monotonic() < deadline, f"{what}, never:\n{log.read_text()}"
        time.sleep(0.2)


def test_a_templates_folder_made_while_serving_is_watched(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    templates = project / "templates"
    assert not templates.exists()
    log = tmp_path / "serve.log"
    default = (ROOT / "templates" / "api.md.j2").read_text()
    with serving(project, log) as base:
        url = base + SIGNAL
        templates.mkdir()
        (templates / "api.md.j2").write_text(default + "\nMade while serving.\n")
        wait_for("the new template shown", lambda: "Made while serving." in page_text(url), log)
        # a file of the new folder edited later is seen too, and its error named
        broken = default.replace("{{ title }}", "{{ title }}\n\n{{ api.nope }}", 1)
        line = broken.splitlines().index("{{ api.nope }}") + 1
        (templates / "api.md.j2").write_text(broken)
        error = (
            f"templates/api.md.j2:{line}: 'example_pages.content.entries.ApiEntry object' has "
            "no attribute 'nope' (rendering api/django.dispatch.Signal.md); a template may "
            "only use the values the defaults use"
        )
        wait_for("the template's error logged", lambda: error in log.read_text(), log)
        (templates / "api.md.j2").write_text(default + "\nFixed.\n")
        wait_for("the fixed template shown", lambda: "Fixed." in page_text(url), log)


def test_warnings_under_serve_are_listed_once_then_what_changed(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    plugin_options(project, "snippet_errors: warn")
    projects = project / "content" / "projects"
    viewflow, cors = projects / "viewflow.yml", projects / "django-cors-headers.yml"
    first, second = viewflow.read_text(), cors.read_text()
    assert "description: >-\n" in first and "description: >-\n" in second
    dead = "description: >-\n  See [gone](gone.md).\n"
    viewflow.write_text(first.replace("description: >-\n", dead, 1))
    gone = (
        "content/projects/viewflow.yml:6:14: warning: 'description': the link 'gone.md' leads "
        "to 'projects/gone.md', which is not a page or file of the site;"
    )
    log = tmp_path / "serve.log"
    with serving(project, log):
        assert log.read_text().count(gone) == 1
        assert "No errors, 1 warning." in log.read_text()
        cors.write_text(second.replace("description: >-\n", dead, 1))
        since = "Since the last build: 1 new, 0 fixed."
        wait_for("the new warning listed", lambda: since in log.read_text(), log)
        text = log.read_text()
        assert text.count(gone) == 1  # not listed again
        assert "content/projects/django-cors-headers.yml:6:14: warning: 'description'" in text
        assert "No errors, 2 warnings." in text
        viewflow.write_text(first)
        fixed = "Since the last build: 0 new, 1 fixed."
        wait_for("the fixed warning listed", lambda: fixed in log.read_text(), log)
        assert f"fixed: {gone}" in log.read_text()
        assert log.read_text().count("No errors, 1 warning.") == 2
