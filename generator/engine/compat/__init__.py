"""Every use of another library's private names or undocumented behaviour, one module per library.

Each speedup that leans on such a name is an `Adapter`: it states the versions of its library it
was checked against, and on first use checks the installed version and, where that means
something, runs a small self-check of the behaviour it relies on. An unknown version or a failed
check turns that one speedup off, with one log line saying which and why; the build then takes
the library's documented path, whose output is the same.

A build owns one `Speedups`, which holds its adapters (and what they keep, such as lexer tables):
two sites built in one process share nothing. `Speedups(enabled=False)` (the plugin's
`speedups: false`) turns every adapter off.

This package imports no library itself: the content loader uses the YAML adapter without MkDocs.
"""

from __future__ import annotations

import logging
import re
import sys
from importlib import metadata
from typing import ClassVar, TypeVar

log = logging.getLogger("mkdocs.plugins.example_pages.engine.compat")
# What MkDocs' plugin logger would put before each message.
PREFIX = "example_pages: "

Version = tuple[int, ...]
A = TypeVar("A", bound="Adapter")


def parse_version(text: str) -> Version:
    """'2.21.0' -> (2, 21, 0); the release numbers only ('1.6.0rc1' -> (1, 6, 0))."""
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def installed(distribution: str) -> str | None:
    """The installed version of `distribution` ("python" for the interpreter), or None."""
    if distribution == "python":
        return ".".join(map(str, sys.version_info[:3]))
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


class Adapter:
    """One speedup that uses a library's internals, checked before its first use.

    Subclasses set `speedup` (what it makes faster, as the log line says it), `library` (the
    distribution whose version is checked) and `verified` (the lowest version checked, and the
    first version not checked), and may override `self_check`.
    """

    speedup: ClassVar[str]
    library: ClassVar[str]
    verified: ClassVar[tuple[str, str]]

    def __init__(self, *, enabled: bool = True) -> None:
        self._usable: bool | None = None if enabled else False

    def usable(self) -> bool:
        """Whether the speedup may run: checked (and, if not, logged) once."""
        if self._usable is None:
            reason = self._why_not()
            self._usable = reason is None
            if reason is not None:
                log.info("%sspeedups: %s is off: %s", PREFIX, self.speedup, reason)
        return self._usable

    def self_check(self) -> str | None:
        """What is wrong with the behaviour the speedup relies on, or None."""
        return None

    def _why_not(self) -> str | None:
        version = self.version()
        low, high = self.verified
        if version is None:
            return f"{self.library} is not installed"
        if not parse_version(low) <= parse_version(version) < parse_version(high):
            return (
                f"{self.library} {version} is not a version it was checked against "
                f"({low} up to, not including, {high})"
            )
        try:
            problem = self.self_check()
        except Exception as e:  # whatever the library changed, the documented path is taken
            return f"its self-check failed with {type(e).__name__}: {e}"
        return None if problem is None else f"its self-check failed: {problem}"

    def version(self) -> str | None:
        """The installed version of the library this adapter leans on."""
        return installed(self.library)


class Speedups:
    """One build's adapters, each made (and checked) when first asked for."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._adapters: dict[type[Adapter], Adapter] = {}

    def get(self, kind: type[A]) -> A:
        """This build's adapter of `kind`; one that is off when the speedups are."""
        adapter = self._adapters.get(kind)
        if adapter is None:
            adapter = self._adapters[kind] = kind(enabled=self.enabled)
        assert isinstance(adapter, kind)
        return adapter

    def use(self, kind: type[Adapter]) -> bool:
        """Whether the adapter of `kind` may run in this build."""
        return self.get(kind).usable()
