"""PyYAML: libyaml's parser under PyYAML's pure-Python composer and constructor.

`yaml._yaml.CParser` is PyYAML's private binding of libyaml; its documented face, `CSafeLoader`,
brings libyaml's composer too, which the content loader's checks (refusing tags, aliases and
deep nesting while nodes are composed) cannot hook into. Here the parser alone is used, with the
composer of the pure-Python loader, so the checks see every node.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from . import Adapter

CParser: Any
try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python path only
    CParser = None

_SAMPLE = "a: [1, 'two', {c: null}]\nb: |\n  text\n"


class FastYaml(Adapter):
    """libyaml's parser, with the pure-Python loader's composer mixed in by the caller."""

    speedup = "parsing content files with libyaml"
    library = "PyYAML"
    verified = ("5.1", "7")  # checked with 6.0.4

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self._classes: dict[tuple[type, ...], type] = {}

    def loader(self, *bases: type) -> type | None:
        """A loader class of `bases` (composer checks first) over libyaml's parser, or None.

        Its `__init__(text)` sets up every base as PyYAML's own loaders do.
        """
        if CParser is None or not self.usable():
            return None
        made = self._classes.get(bases)
        if made is None:
            made = self._classes[bases] = _loader_class(bases)
        return made

    def self_check(self) -> str | None:
        if CParser is None:
            return "PyYAML was built without libyaml"
        loader = _loader_class(())(_SAMPLE)
        try:
            fast = loader.get_single_node()
        finally:
            loader.dispose()
        slow = yaml.compose(_SAMPLE, Loader=yaml.SafeLoader)
        if _shape(fast) != _shape(slow):
            return "libyaml's nodes differ from the pure-Python parser's"
        return None


def _loader_class(bases: tuple[type, ...]) -> Any:
    def __init__(self: Any, stream: str) -> None:
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    return type("FastLoader", (*bases, Composer, CParser, SafeConstructor, Resolver), {
        "__init__": __init__,
    })  # fmt: skip


def _shape(node: Any) -> Any:
    """What the content loader reads of a node: its kind, tag, value, style and place."""
    if isinstance(node, yaml.MappingNode):
        value: Any = [(_shape(k), _shape(v)) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        value = [_shape(item) for item in node.value]
    else:
        value = (node.value, node.style or None)  # libyaml says "" for plain, PyYAML None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
    return type(node).__name__, node.tag, value, marks
