"""A renderer kept across `mkdocs serve` rebuilds makes again exactly the API pages that changed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from example_pages.content.load import FileCache, load_site
from example_pages.render.renderer import Renderer
from tests.conftest import STARTER_CONTENT

SIGNAL = "api/django.dispatch.Signal.md"
MODULE = "api/django.dispatch.md"
# The easy-timezones example of the starter's Signal page, quoted again on a module page: its
# snippet uses the module and Signal, so each page links to the other.
MODULE_PAGE = """\
api: django.dispatch
kind: module
summary: Signals that decouple the senders of events from their receivers.
examples:
  - project: django-easy-timezones
    file: easy_timezones/signals.py
    ref: a25c6312a7ecb3ebfac7b2c458b1c5be5d45a239
    line: 1
    code: |
      # Django
      import django.dispatch

      detected_timezone = django.dispatch.Signal(providing_args=["instance", "timezone"])
"""
# Shows what the default template does not: the other page's summary, through `used_in`.
SHOWS_USED_IN = """\
{{ front_matter }}
# {{ title }}
{% for ref in used_in %}
- {{ ref.api.model.summary }} ({{ ref.example.project.model.description }})
{% endfor %}
{% for ex in examples %}
{{ ex.project.model.description }} {{ ex.also_uses }}
{% endfor %}
"""
SHOWS_SITE = "{{ front_matter }}\n# {{ title }}\n\n{{ site.apis | length }} pages\n"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    # A second edit within the file system's timestamp step is still a new version.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


class Served:
    """The content loaded and rendered as `mkdocs serve` does: cache and renderer kept."""

    def __init__(self, content: Path, templates: Path) -> None:
        self.content, self.templates = content, templates
        self.files = FileCache()
        self.renderer = Renderer(templates, numbered_chunks=True)
        self.made: list[str] = []
        api_page = self.renderer._api_page

        def counted(site: object, api: object, links: object, page: str) -> str:
            self.made.append(page)
            return api_page(site, api, links, page)  # type: ignore[arg-type]

        self.renderer._api_page = counted  # type: ignore[method-assign]

    def rebuild(self) -> dict[str, str]:
        """The kept renderer's pages, checked against a new renderer's."""
        self.made.clear()
        site = load_site(self.content, cache=self.files)
        pages = self.renderer.pages(site)
        assert pages == Renderer(self.templates, numbered_chunks=True).pages(site)
        return pages


def serve(tmp_path: Path, **templates: str) -> Served:
    """The starter content with the module page, and `templates` (name: text) in the site's
    folder; the plugin makes a new renderer when that folder's files change."""
    content = tmp_path / "content"
    shutil.copytree(STARTER_CONTENT, content)
    (content / "apis" / "django.dispatch.yml").write_text(MODULE_PAGE)
    (tmp_path / "templates").mkdir()
    for name, text in templates.items():
        (tmp_path / "templates" / name).write_text(text)
    served = Served(content, tmp_path / "templates")
    served.rebuild()
    return served


@pytest.fixture
def served(tmp_path: Path) -> Served:
    return serve(tmp_path)


def edit_signal_summary(content: Path) -> None:
    replace(content / "apis" / "django.dispatch.Signal.yml", "announce", "report")


def edit_a_project(content: Path) -> None:
    replace(content / "projects" / "django-easy-timezones.yml", "description:", "description: New.")


def edit_the_module_page(content: Path) -> None:
    replace(content / "apis" / "django.dispatch.yml", "decouple", "separate")


@pytest.mark.parametrize(
    ("edit", "made"),
    [
        (edit_signal_summary, [SIGNAL]),
        (edit_a_project, [MODULE, SIGNAL]),  # both quote it
        # Signal's template can reach the module page's entry through `used_in`.
        (edit_the_module_page, [MODULE, SIGNAL]),
    ],
)
def test_only_the_pages_made_from_a_changed_file_are_made_again(
    served: Served, edit: Callable[[Path], None], made: list[str]
) -> None:
    before = served.rebuild()
    assert served.made == []
    edit(served.content)
    after = served.rebuild()
    assert sorted(served.made) == sorted(made)
    assert before.keys() == after.keys()
    changed = {page for page in before if before[page] != after[page]}
    assert {page for page in changed if page.startswith("api/")} <= set(made)


def test_what_a_page_reaches_through_its_links_is_part_of_its_key(tmp_path: Path) -> None:
    served = serve(tmp_path, **{"api.md.j2": SHOWS_USED_IN})
    before = served.rebuild()
    edit_the_module_page(served.content)
    after = served.rebuild()
    assert "separate" in after[SIGNAL] and "separate" not in before[SIGNAL]
    assert sorted(served.made) == sorted([MODULE, SIGNAL])


def test_a_changed_template_makes_every_page_again(tmp_path: Path) -> None:
    served = serve(tmp_path, **{"part.md.j2": "first\n", "api.md.j2": "{% include 'part.md.j2' %}"})
    assert served.rebuild()[SIGNAL] == "first\n"
    replace(served.templates / "part.md.j2", "first", "second")
    assert served.rebuild()[SIGNAL] == "second\n"
    assert sorted(served.made) == sorted([MODULE, SIGNAL])


def test_a_template_that_reads_the_site_is_made_every_time(tmp_path: Path) -> None:
    served = serve(tmp_path, **{"api.md.j2": SHOWS_SITE})
    assert "2 pages" in served.rebuild()[SIGNAL]
    served.rebuild()
    assert sorted(served.made) == sorted([MODULE, SIGNAL])
    (served.content / "apis" / "django.dispatch.yml").unlink()
    assert "1 pages" in served.rebuild()[SIGNAL]


def test_a_template_included_by_a_computed_name_is_made_every_time(tmp_path: Path) -> None:
    # Which template the name leads to is only known while rendering: it could read `site`.
    api = "{% set part = 'site' ~ '.md.j2' %}{% include part %}"
    served = serve(tmp_path, **{"api.md.j2": api, "site.md.j2": SHOWS_SITE})
    served.rebuild()
    assert sorted(served.made) == sorted([MODULE, SIGNAL])


LIBRARY = "libraries/django/index.md"
# What the default templates do not show of an API: its summary, on the library page and in
# the tables.
SHOWS_SUMMARIES = "{% for api in library.apis %}{{ api.model.summary }}\n{% endfor %}{{ table }}"
TABLE_SHOWS_SUMMARIES = (
    "{% for group in groups %}{% for api in group.apis %}{{ api.model.summary }}\n"
    "{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize(
    "templates",
    [{"library.md.j2": SHOWS_SUMMARIES}, {"toc.md.j2": TABLE_SHOWS_SUMMARIES}],
    ids=["library page", "table"],
)
def test_library_pages_and_tables_follow_their_apis(
    tmp_path: Path, templates: dict[str, str]
) -> None:
    served = serve(tmp_path, **templates)
    before = served.rebuild()  # compared with a new renderer's pages each time
    assert "announce" in before[LIBRARY]
    edit_signal_summary(served.content)
    after = served.rebuild()
    assert "report" in after[LIBRARY] and "announce" not in after[LIBRARY]
    if "toc.md.j2" in templates:
        assert "report" in after["index.md"]


def test_an_unchanged_library_page_is_kept(served: Served) -> None:
    made: list[str] = []
    library_page = served.renderer._library_page

    def counted(site: object, group: object, page: str) -> str:
        made.append(page)
        return library_page(site, group, page)  # type: ignore[arg-type]

    served.renderer._library_page = counted  # type: ignore[method-assign]
    served.rebuild()
    assert made == []
    edit_signal_summary(served.content)  # the default table does not show it, the page may
    served.rebuild()
    assert made == [LIBRARY]


def test_the_default_table_is_made_again_only_for_what_it_shows(served: Served) -> None:
    tables: list[str] = []
    render = served.renderer.render

    def counted(name: str, **context: object) -> str:
        if name == "toc.md.j2":
            tables.append(str(context["page"]))
        return render(name, **context)

    served.renderer.render = counted  # type: ignore[method-assign]
    edit_signal_summary(served.content)  # the default table does not show summaries
    served.rebuild()
    assert tables == []
    # a kind is shown: the home page's table and the library page's are made again
    replace(served.content / "apis" / "django.dispatch.yml", "kind: module", "kind: function")
    after = served.rebuild()
    assert sorted(tables) == sorted(["index.md", LIBRARY])
    assert "| function |" in after["index.md"]
