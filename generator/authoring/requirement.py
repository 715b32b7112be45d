"""The line `init` writes into a new site's requirements.txt: one that installs where it builds.

A released copy asks for the compatible releases of its version. A copy pip installed from a
VCS URL records that URL and its commit (PEP 610, `direct_url.json` in the dist-info), so the
site asks for that same commit. A copy installed from a path on this machine cannot be
installed by CI: the site asks for the compatible releases, with a warning that says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from urllib.parse import unquote, urlsplit

from ..errors import escape

NAME = "example-pages"

# What a requirements.txt line may hold of a URL: no space, quote or control character that
# would end the line or start an option.
_PLAIN_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[!#-&(-~]+")
_COMMIT = re.compile(r"[0-9A-Za-z._-]{4,64}")
_SUBDIRECTORY = re.compile(r"[A-Za-z0-9._/-]+")
_VCS = ("git", "hg", "svn", "bzr")


@dataclass(frozen=True)
class Requirement:
    """A requirements.txt line, and a warning to show when CI cannot install it as it is."""

    line: str
    warning: str | None = None


def compatible_range(version: str) -> str:
    """The releases that keep `version`'s interface: `>=1.4,<2`; before 1.0, `>=0.1,<0.2`.

    Before 1.0 a minor release may break (docs/pages/about/versioning.md), so the range stops there.
    """
    match = re.match(r"(\d+)\.(\d+)", version)
    if match is None:
        return NAME
    major, minor = int(match[1]), int(match[2])
    upper = f"{major + 1}" if major else f"0.{minor + 1}"
    return f"{NAME}>={major}.{minor},<{upper}"


def requirement_for(version: str, direct_url: str | None) -> Requirement:
    """The line for a copy of `version` whose dist-info holds `direct_url` (None: from an index)."""
    released = compatible_range(version)
    if direct_url is None:
        return Requirement(released)
    try:
        origin = json.loads(direct_url)
        url = origin["url"]
    except (ValueError, KeyError, TypeError):
        return Requirement(released)
    if not isinstance(url, str) or _PLAIN_URL.fullmatch(url) is None:
        return Requirement(released, _unwritable(version, released))
    if urlsplit(url).scheme == "file":
        return Requirement(released, _local(version, unquote(urlsplit(url).path), released))
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict):
        commit, tool = vcs.get("commit_id"), vcs.get("vcs")
        if not (isinstance(commit, str) and _COMMIT.fullmatch(commit) and tool in _VCS):
            return Requirement(released, _unwritable(version, released))
        subdirectory = origin.get("subdirectory")
        if subdirectory is None:
            return Requirement(f"{NAME} @ {tool}+{url}@{commit}")
        if not (isinstance(subdirectory, str) and _SUBDIRECTORY.fullmatch(subdirectory)):
            return Requirement(released, _unwritable(version, released))
        return Requirement(f"{NAME} @ {tool}+{url}@{commit}#subdirectory={subdirectory}")
    if "archive_info" in origin:  # a wheel or sdist downloaded from a URL
        return Requirement(f"{NAME} @ {url}")
    return Requirement(released)


def installed_requirement() -> Requirement:
    """The line for the copy of example-pages that is running."""
    try:
        installed = distribution(NAME)
    except PackageNotFoundError:  # imported from a source tree that pip never installed
        return Requirement(
            NAME,
            f"warning: {NAME} is not installed (it runs from a source tree), so "
            f"requirements.txt names {NAME} without a version: pin the version or URL your "
            "site needs.",
        )
    return requirement_for(installed.version, installed.read_text("direct_url.json"))


def _local(version: str, path: str, released: str) -> str:
    return escape(
        f"warning: {NAME} {version} was installed from {path}, a path on this machine that CI "
        f"cannot install from, so requirements.txt asks for `{released}` from the package "
        "index."
    ) + (
        "\nIf that version is not published, replace the line with one CI can install, such as "
        f"`{NAME} @ git+https://HOST/OWNER/REPO@TAG` (any git URL CI can reach, at a tag or "
        f"commit), or install {NAME} from such a URL (`pip install "
        f'"{NAME} @ git+URL@TAG"`) and run init again: it writes that URL at its commit.'
    )


def _unwritable(version: str, released: str) -> str:
    return (
        f"warning: the URL {NAME} {version} was installed from cannot be written into "
        f"requirements.txt, so it asks for `{released}` from the package index; if that "
        "version is not published, replace the line with a URL CI can install."
    )
