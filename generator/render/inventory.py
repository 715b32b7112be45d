"""`objects.inv`: a Sphinx inventory (version 2) of the site, for intersphinx and mkdocs-autorefs.

One `py` entry per API page, named by the API's dotted path, in the role its `kind` implies;
the home page, the projects page, the freshness page (when there is a record), each library
page and each project page as `std:doc`.
Sphinx reads the format in `sphinx.util.inventory`; the header is four text lines, the rest
one zlib stream of `name domain:role priority uri dispname` lines.

The writer is a few lines of our own rather than sphobjinv, whose runtime needs (attrs,
jsonschema, certifi) every site would install for a format this small; the tests load the
result with sphobjinv and with Sphinx's own reader.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable

from ..content.entries import Site
from .structure import (
    FRESHNESS,
    HOME,
    PROJECTS,
    api_path,
    libraries,
    library_path,
    plain,
    project_path,
)

ROLES = {
    "class": "class",
    "function": "function",
    "callable": "function",
    "constant": "data",
    "module": "module",
    "attribute": "attribute",
}
"""The Python domain role of each `kind` an API page may have."""


def page_url(src_uri: str, *, directory_urls: bool = True) -> str:
    """The address of a generated page relative to the site root, as MkDocs writes it."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def entries(site: Site, url: Callable[[str], str]) -> list[tuple[str, str, str, str]]:
    """(name, domain:role, uri, display name) of every object, sorted by name and role."""
    found = [
        (api.api, f"py:{ROLES[api.model.kind]}", url(api_path(api.api)), "-") for api in site.apis
    ]
    docs = [(HOME, "Home")]
    if site.projects:
        docs.append((PROJECTS, "Projects"))
    if site.freshness is not None:
        docs.append((FRESHNESS, "Upstream freshness"))
    docs += [(library_path(group.id), group.name) for group in libraries(site)]
    docs += [(project_path(p.id), p.model.name) for p in site.projects.values()]
    for src_uri, title in docs:
        found.append((src_uri.removesuffix(".md"), "std:doc", url(src_uri), plain(title)))
    return sorted(found, key=lambda entry: (entry[0], entry[1]))


def inventory(site: Site, *, project: str, version: str = "", directory_urls: bool = True) -> bytes:
    """The bytes of `objects.inv` for `site`, the same for the same content."""

    def url(src_uri: str) -> str:
        return page_url(src_uri, directory_urls=directory_urls)

    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {_one_line(project)}\n"
        f"# Version: {_one_line(version)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(
        f"{name} {role} 1 {uri} {_one_line(display) or '-'}\n"
        for name, role, uri, display in entries(site, url)
    )
    return header.encode("utf-8") + _compressed(body.encode("utf-8"))


@functools.lru_cache(maxsize=2)
def _compressed(body: bytes) -> bytes:
    """`body` compressed at the highest level; kept, as a served site asks again for the same
    body on every rebuild that adds, removes or renames no page."""
    return zlib.compress(body, 9)


def _one_line(text: str) -> str:
    return " ".join(text.split())
