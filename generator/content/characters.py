"""Characters content text may not hold: they cannot be shown as written."""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# every character _why_refused names, for one fast scan of a whole value
_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u2028\u2029\ufeff"
    + re.escape(_NONCHARACTERS)
    + "]"
)
# the same characters where a value is ASCII, as most are: a far smaller class to test
_REFUSED_ASCII = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def refused_character(text: str) -> tuple[int, str] | None:
    """The index of the first character content text may not hold, and why; else None.

    Tab and newline are the only control characters allowed. The others, lone surrogates
    and noncharacters cannot be written to a page or shown as written; U+2028, U+2029 and
    U+0085 are line breaks to YAML but not to editors or Python, and U+FEFF is invisible
    and dropped by the highlighter.
    """
    match = (_REFUSED_ASCII if text.isascii() else _REFUSED).search(text)
    if match is None:
        return None
    reason = _why_refused(match.group())
    assert reason is not None
    return match.start(), reason


def _why_refused(char: str) -> str | None:
    code = ord(char)
    if char in "\t\n":
        return None
    if char == "\r":
        return "the carriage return U+000D (\\r)"
    if code == 0:
        return "a null character U+0000"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"the control character U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"the lone surrogate U+{code:04X}"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"the noncharacter U+{code:04X}"
    if char in "\u2028\u2029\ufeff":
        return f"U+{code:04X} {unicodedata.name(char)}"
    return None
