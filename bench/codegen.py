"""Made-up Python snippets that import and use one API, with elision lines like real excerpts."""

from __future__ import annotations

import random


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


VERBS = words(
    "get build render load parse validate send resolve register handle prepare update "
    "collect clean apply fetch store refresh check export sync attach"
)
NOUNS = words(
    "user order item record token session report entry message payload profile "
    "account invoice page comment feed task event document setting batch note"
)
COMMENTS = (
    "Look up the object before touching it.",
    "Fall back to the default when nothing was given.",
    "Keep the original value for the audit trail.",
    "The caller may pass None here.",
    "Normalize the input first.",
    "Build the result in one pass.",
    "This mirrors the behaviour of the old helper.",
    "Only staff members may see drafts.",
    "Retry once on a stale connection.",
    "Cache the lookup for the rest of the request.",
)
STDLIB = (
    "import os",
    "import json",
    "import logging",
    "import datetime",
    "from collections import OrderedDict",
    "from functools import wraps",
    "from typing import Any, Optional",
    "import re",
)


class Snippet:
    """Lines of one snippet for one API: `ref` is the name the snippet's code uses it by."""

    def __init__(self, rng: random.Random, api: str, kind: str) -> None:
        self.rng = rng
        self.api = api
        self.kind = kind
        module, _, name = api.rpartition(".")
        parent, _, last = module.rpartition(".")
        style = rng.random()
        if style < 0.55 or not parent:
            self.imports = [f"from {module} import {name}"]
            self.ref = name
        elif style < 0.8:
            self.imports = [f"from {parent} import {last}"]
            self.ref = f"{last}.{name}"
        elif style < 0.9:
            alias = f"_{name}" if kind == "function" else f"Base{name}"
            self.imports = [f"from {module} import {name} as {alias}"]
            self.ref = alias
        else:
            self.imports = [f"import {module}"]
            self.ref = api

    def word(self) -> str:
        return f"{self.rng.choice(VERBS)}_{self.rng.choice(NOUNS)}"

    def comment(self, indent: int) -> str:
        return " " * indent + "# " + self.rng.choice(COMMENTS)

    def use(self, indent: int, target: str) -> list[str]:
        """A statement that uses the API, assigning to `target`."""
        pad = " " * indent
        args = ", ".join(self.rng.sample(["value", "name", "options", "request", "obj"], 2))
        if self.kind == "constant":
            return [f"{pad}{target} = {self.ref}"]
        if self.rng.random() < 0.3:
            return [
                f"{pad}{target} = {self.ref}(",
                f"{pad}    {args},",
                f'{pad}    label="{self.rng.choice(NOUNS)}",',
                f"{pad})",
            ]
        return [f"{pad}{target} = {self.ref}({args})"]

    def function(self, indent: int = 0, method: bool = False, uses: bool = True) -> list[str]:
        pad = " " * indent
        params = "self, value, name=None" if method else "value, name=None"
        lines = [f"{pad}def {self.word()}({params}):"]
        if self.rng.random() < 0.5:
            lines.append(f'{pad}    """{self.rng.choice(COMMENTS)}"""')
        lines += [
            self.comment(indent + 4),
            f"{pad}    options = {{'name': name or {self.rng.choice(NOUNS)!r}}}",
            f"{pad}    request = getattr(value, 'request', None)",
            f"{pad}    obj = options.get('name')",
        ]
        if uses:
            lines += self.use(indent + 4, "result")
        else:
            lines.append(f"{pad}    result = [obj, request]")
        lines += [
            f"{pad}    if result is None:",
            f"{pad}        raise ValueError({self.word()!r})",
            f"{pad}    return result",
        ]
        return lines

    def klass(self) -> list[str]:
        name = "".join(w.capitalize() for w in self.word().split("_"))
        base = self.ref if self.kind == "class" and self.rng.random() < 0.4 else "object"
        lines = [f"class {name}({base}):"]
        lines.append(f'    """{self.rng.choice(COMMENTS)}"""')
        lines.append("")
        lines += self.function(4, method=True)
        for _ in range(self.rng.randint(0, 2)):
            lines.append("")
            if self.rng.random() < 0.3:
                lines += ["    # ...", ""]
            lines += self.function(4, method=True, uses=self.rng.random() < 0.5)
        return lines

    def module_level(self) -> list[str]:
        return self.use(0, self.word().upper())

    def text(self, target: int, *, shortest: int = 10, longest: int = 60) -> str:
        """The snippet, about `target` lines long (`shortest` to `longest`), ending with \n."""
        lines = sorted(self.rng.sample(STDLIB, self.rng.randint(0, 3))) + self.imports
        blocks = [self.function() if self.rng.random() < 0.5 else self.module_level()]
        while True:
            block = self.klass() if self.rng.random() < 0.5 else self.function()
            if self.rng.random() < 0.15:
                block = self.module_level()
            size = self._size(lines, blocks)
            if size > shortest and size + len(block) + 2 > target + 8:
                break
            if self.rng.random() < 0.35:
                blocks.append(["# ..."])
            blocks.append(block)
        while self._size(lines, blocks) > longest and len(blocks) > 1:
            blocks.pop()
        for block in blocks:
            lines += ["", "", *block] if block != ["# ..."] else ["", block[0]]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _size(lines: list[str], blocks: list[list[str]]) -> int:
        return len(lines) + sum(len(b) + 2 for b in blocks)
