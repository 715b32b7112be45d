"""Every link of the content's Markdown, checked on each generated page that shows it.

A Markdown field ends up on generated pages (`structure`): an API's summary and its examples'
descriptions on the API's page, a project's description on the project's page and on every
API page quoting it, a library's summary on the library's page, the hand-written `index.md` as
the home page. A relative link resolves against the page it is shown on, so each is checked
there (`checks.links`), and a problem is reported at the link's line and column in the YAML.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..checks.links import LinkRules, SiteMap, check_link
from ..checks.markdown import field_links
from ..content.entries import ApiEntry, LibraryEntry, ProjectEntry, Site
from ..content.folder import read_limited
from ..content.load import HOME, SUFFIXES
from ..content.validate import field_problem, markdown_fields
from ..content.yamlload import DEFAULT_MAX_BYTES, locate
from ..errors import Problem, display_path
from .structure import PROJECTS, api_path, libraries, library_path, project_path


def docs_files(docs_dir: Path, content: Path) -> set[str]:
    """Every file under `docs_dir` a link may lead to, relative to it: all but hidden ones
    and the content folder's YAML files, which are no pages of the site."""
    found: set[str] = set()
    docs, content = docs_dir.resolve(), content.resolve()
    for root, dirs, names in os.walk(docs):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        folder = Path(root)
        in_content = folder == content or folder.is_relative_to(content)
        for name in names:
            if name.startswith(".") or (in_content and Path(name).suffix in SUFFIXES):
                continue
            found.add((folder / name).relative_to(docs).as_posix())
    return found


class LazyPages(Mapping[str, str]):
    """The generated pages by Markdown path, rendered only when one's text is asked for.

    Their paths follow from the content alone; their text (read for the anchors a link
    names) needs the templates, which `check` does without when no link names an anchor.
    """

    def __init__(self, site: Site, render: Callable[[], dict[str, str]]) -> None:
        self._paths = dict.fromkeys(page_paths(site))
        self._render = render
        self._pages: dict[str, str] | None = None

    def __getitem__(self, key: str) -> str:
        if key not in self._paths:
            raise KeyError(key)
        if self._pages is None:
            self._pages = self._render()
        return self._pages[key]

    def __contains__(self, key: object) -> bool:
        return key in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def page_paths(site: Site) -> list[str]:
    """The Markdown path of every page `Renderer.pages` makes of `site`."""
    paths = [HOME, *(api_path(api.api) for api in site.apis)]
    paths += [library_path(group.id) for group in libraries(site)]
    if site.projects:
        paths.append(PROJECTS)
    paths += [project_path(project) for project in site.projects]
    return paths


def link_problems(
    site: Site,
    pages: Mapping[str, str],
    *,
    docs_dir: Path,
    content: Path,
    rules: LinkRules | None = None,
    root: Path | None = None,
    severity: str = "error",
    known: Iterable[str] = (),
) -> list[Problem]:
    """Each link of the content's Markdown that leads nowhere on a page showing it.

    `pages` are the generated pages by Markdown path; links may also lead to the files of
    `docs_dir` (`docs_files`), which is only listed when some field holds a link, and to the
    `known` files (paths in the docs folder) that other plugins add to the build.
    """
    todo = []
    for entry, on in _shown_on(site):
        for key, value in markdown_fields(entry.model):
            found = field_links(value)
            if found:
                todo.append((entry, key, value, found, on))
    home = site.home
    home_links = field_links(home) if home else ()
    if not todo and not home_links:
        return []

    def source(src_uri: str) -> str | None:
        if src_uri in pages:
            return pages[src_uri]
        if not src_uri.endswith(".md"):
            return None
        # a hand-written page, read as the content folder's files are: no link followed,
        # no FIFO or device, no more than a content file may hold
        try:
            raw = read_limited(docs_dir / src_uri, DEFAULT_MAX_BYTES)
            return None if len(raw) > DEFAULT_MAX_BYTES else raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    site_map = SiteMap({*docs_files(docs_dir, content), *pages, *known}, source, rules)
    problems = []
    for entry, key, value, found, on in todo:
        for index, tag, url in found:
            for message in _messages(url, on, site_map, image=tag == "img"):
                problems.append(
                    field_problem(entry.doc, entry.model, key, value, index, url, message, severity)
                )
    if home and home_links:
        shown = display_path(site.root / HOME, root)
        for index, tag, url in home_links:
            for message in _messages(url, [HOME], site_map, image=tag == "img"):
                line, col = locate(home, index)
                problems.append(Problem(shown, line, col, message, severity))
    return problems


def _messages(url: str, on: list[str], site_map: SiteMap, *, image: bool) -> list[str]:
    """What is wrong with `url` on the first of the pages `on` where something is."""
    for page in on:
        message = check_link(url, page, site_map, image=image)
        if message is not None:
            if page != on[0]:
                message = f"on the page '{page}', which shows this text too, {message}"
            return [message]
    return []


def _shown_on(site: Site) -> list[tuple[ApiEntry | ProjectEntry | LibraryEntry, list[str]]]:
    """Each entry with the pages its Markdown fields are shown on, its own page first."""
    projects = {project: [project_path(project)] for project in site.projects}
    for api in site.apis:
        for project in dict.fromkeys(e.project.id for e in api.examples):
            projects[project].append(api_path(api.api))
    return [
        *((api, [api_path(api.api)]) for api in site.apis),
        *((entry, projects[entry.id]) for entry in site.projects.values()),
        *((entry, [library_path(entry.id)]) for entry in site.libraries.values()),
    ]
