"""Site-wide views of checked content: libraries and modules, cross-links, the nav.

Plain data computed from a `Site`; the renderer fills templates with it and the plugin hands
the nav to MkDocs. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.entries import ApiEntry, ExampleEntry, LibraryEntry, Site
from ..content.folder import RECORD
from ..content.load import HOME

PROJECTS = "projects/index.md"
FRESHNESS = "freshness.md"
"""The page listing every example by what `verify --record` found upstream."""


def api_path(api: str) -> str:
    """The Markdown path of an API's page, relative to the docs root."""
    return f"api/{api}.md"


def project_path(project_id: str) -> str:
    return f"projects/{project_id}.md"


def is_project_page(src_uri: str) -> bool:
    """A page of one project (not the projects list)."""
    return src_uri.startswith("projects/") and src_uri != PROJECTS


def library_path(library_id: str) -> str:
    # An index.md, so that Material's navigation.indexes attaches it to the library's section.
    return f"libraries/{library_id}/index.md"


def plain(text: str) -> str:
    """Text for places MkDocs themes print without escaping (titles, nav, meta tags)."""
    return " ".join(text.replace("<", "").replace(">", "").replace('"', "'").split())


@dataclass(frozen=True)
class ModuleGroup:
    module: str
    apis: list[ApiEntry]


@dataclass(frozen=True)
class LibraryGroup:
    """One library: its metadata, when `content/libraries/<id>.yml` exists, and its APIs."""

    id: str
    entry: LibraryEntry | None
    modules: list[ModuleGroup]

    @property
    def name(self) -> str:
        return self.entry.model.name if self.entry else self.id

    @property
    def apis(self) -> list[ApiEntry]:
        return [api for module in self.modules for api in module.apis]

    @property
    def examples(self) -> int:
        return sum(len(api.examples) for api in self.apis)


@dataclass(frozen=True)
class ExampleRef:
    """An example together with the API page that shows it."""

    api: ApiEntry
    example: ExampleEntry


@dataclass
class Links:
    """Cross-links found through the names each snippet resolves."""

    also_uses: dict[tuple[str, int], list[ApiEntry]] = field(default_factory=dict)
    """(API, example number) -> the other APIs of the site that the snippet uses."""
    used_in: dict[str, list[ExampleRef]] = field(default_factory=dict)
    """API -> examples on other pages whose snippets use it."""
    by_project: dict[str, list[ExampleRef]] = field(default_factory=dict)
    """Project id -> every example quoting it, in page order."""


def module_of(api: ApiEntry) -> str:
    return api.module or api.api


def libraries(site: Site) -> list[LibraryGroup]:
    """Every library with a YAML file or an API page, by name; modules and APIs sorted.

    Kept on `site` for its next callers (a build asks five times) while it holds the same
    API and library entries; the kept groups hold those entries, so no id is reused.
    """
    key = (tuple(map(id, site.apis)), tuple((k, id(v)) for k, v in site.libraries.items()))
    kept = site.__dict__.get("_libraries")
    if kept is None or kept[0] != key:
        kept = site.__dict__["_libraries"] = (key, _libraries(site))
    return list(kept[1])


def _libraries(site: Site) -> list[LibraryGroup]:
    grouped: dict[str, dict[str, list[ApiEntry]]] = defaultdict(lambda: defaultdict(list))
    for api in site.apis:
        grouped[api.library][module_of(api)].append(api)
    ids = set(grouped) | set(site.libraries)
    groups = [
        LibraryGroup(
            library,
            site.libraries.get(library),
            [
                ModuleGroup(module, sorted(apis, key=lambda a: a.api.lower()))
                for module, apis in sorted(grouped[library].items(), key=lambda m: m[0].lower())
            ],
        )
        for library in ids
    ]
    return sorted(groups, key=lambda g: (g.name.lower(), g.id))


class LinkMemo:
    """What `cross_links` found for each example, kept for the next call (a `mkdocs serve`
    rebuild) while the site's API names and aliases are the same: an example whose snippet
    resolves the same names (the same analysis) links to the same APIs."""

    def __init__(self) -> None:
        self.world: tuple[frozenset[str], dict[str, str]] | None = None
        self.found: dict[tuple[str, int], tuple[frozenset[str], tuple[str, ...], ExampleRef]] = {}


def cross_links(site: Site, memo: LinkMemo | None = None) -> Links:
    """Which other APIs each snippet uses, where each API is used, what each project shows."""
    by_name = {api.api: api for api in site.apis}
    aliases = _aliases(site)
    links = Links(by_project={project: [] for project in site.projects})
    used_in: dict[str, list[ExampleRef]] = defaultdict(list)
    world = (frozenset(by_name), aliases)
    kept = memo.found if memo is not None and memo.world == world else {}
    found_now: dict[tuple[str, int], tuple[frozenset[str], tuple[str, ...], ExampleRef]] = {}
    for api in site.apis:
        ancestors: set[str] | None = None
        for example in api.examples:
            names = example.analysis.names
            key = (api.api, example.number)
            last = kept.get(key)
            if last is not None and last[0] is names:
                other_names, ref = last[1], last[2]
                if ref.api is not api or ref.example is not example:
                    ref = ExampleRef(api, example)
            else:
                if ancestors is None:
                    dots = api.api.count(".")
                    ancestors = {".".join(api.api.split(".")[:i]) for i in range(1, dots + 1)}
                other_names = _other_names(api, names, by_name, aliases, ancestors)
                ref = ExampleRef(api, example)
            links.by_project[example.project.id].append(ref)
            found_now[key] = (names, other_names, ref)
            others = [by_name[name] for name in other_names]
            links.also_uses[key] = others
            for other in others:
                used_in[other.api].append(ref)
    links.used_in = {api.api: used_in.get(api.api, []) for api in site.apis}
    if memo is not None:
        memo.world, memo.found = world, found_now
    return links


def _other_names(
    api: ApiEntry,
    names: frozenset[str],
    by_name: dict[str, ApiEntry],
    aliases: dict[str, str],
    ancestors: set[str],
) -> tuple[str, ...]:
    """The other APIs of the site a snippet on `api`'s page uses, sorted as pages list them."""
    through = _through(names, aliases) if aliases else names
    found = {name for name in through if name in by_name}
    # A module that only leads to a more specific page of the site is not linked.
    found -= {".".join(n.split(".")[:i]) for n in found for i in range(1, n.count(".") + 1)}
    found -= {api.api, *ancestors}
    return tuple(sorted(found, key=str.lower))


def _aliases(site: Site) -> dict[str, str]:
    """Other name -> the name pages use, from the libraries and the API pages."""
    found = {o: n for lib in site.libraries.values() for o, n in lib.model.aliases.items()}
    found.update((other, api.api) for api in site.apis for other in api.model.aliases)
    return found


def _through(names: frozenset[str], aliases: dict[str, str]) -> set[str]:
    """`names`, and the names pages use for those reached under an alias."""
    result = set(names)
    for name in names:
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            canon = aliases.get(".".join(parts[:i]))
            if canon is not None:
                result.add(".".join([canon, *parts[i:]]))
    return result


def sources(site: Site) -> dict[str, Path]:
    """Each generated page's path -> the content file an author edits to change it."""
    result = {api_path(api.api): api.doc.path for api in site.apis}
    result.update({project_path(p.id): p.doc.path for p in site.projects.values()})
    result.update({library_path(lib.id): lib.doc.path for lib in site.libraries.values()})
    if site.freshness is not None:
        result[FRESHNESS] = site.root / RECORD
    return result


def nav(site: Site, extra: list[str] | tuple[str, ...] = ()) -> list[Any]:
    """MkDocs' `nav` setting: home, library -> module -> API, projects, then `extra` pages.

    Library pages are section indexes; with Material's navigation.indexes and navigation.prune
    a page carries its own library's modules and its own module's APIs only. Project pages
    are reached from the projects page and from every example, not from the nav. The
    freshness page is there when the content folder has a record.
    """
    items: list[Any] = [{"Home": HOME}]
    for group in libraries(site):
        children: list[Any] = [library_path(group.id)]
        children += [
            {module.module: [{plain(api.name): api_path(api.api)} for api in module.apis]}
            for module in group.modules
        ]
        items.append({plain(group.name): children})
    if site.projects:
        # One link: the projects page lists them all. Listing every project under it would
        # put every project on every project page's sidebar, quadratic in the projects.
        items.append({"Projects": PROJECTS})
    if site.freshness is not None:
        items.append({"Freshness": FRESHNESS})
    items.extend(extra)
    return items
