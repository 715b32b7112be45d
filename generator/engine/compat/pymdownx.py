"""pymdown-extensions: its highlighter looks each code block up before running Pygments.

Three things pymdownx does not document are used here:
- `HighlightExtension.get_pymdownx_highlighter`, which superfences asks for the highlighter
  class: it is answered with a subclass of `Highlight` whose `highlight` looks a block up by the
  exact arguments of the call and the highlighter's settings (`vars`), and whose `get_lexer`
  keeps the lexer found for a name;
- `highlight`'s parameters, which must be the ones the key is made of (checked);
- the module names `BlockHtmlFormatter` and `InlineHtmlFormatter`, which `highlight` reads at
  each call: while our highlighter runs, they name subclasses that share Pygments' stylesheet
  tables (Pygments' `HtmlFormatter._create_stylesheet`) between blocks, and are put back after.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pymdownx.highlight as pymdownx_highlight  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pymdownx.highlight import Highlight, HighlightExtension

from ...cache import key_of
from . import Adapter

if TYPE_CHECKING:
    from markdown import Markdown

    from ..codeblocks import Blocks

_FORMATTERS = ("BlockHtmlFormatter", "InlineHtmlFormatter")
_PARAMETERS = (
    "self", "src", "language", "css_class", "hl_lines", "linestart", "linestep", "linespecial",
    "inline", "classes", "id_value", "attrs", "title", "code_block_count",
)  # fmt: skip


class CachedHighlighter(Adapter):
    """The highlighter that reuses blocks, and the formatters that share stylesheets."""

    speedup = "reusing highlighted code blocks"
    library = "pymdown-extensions"
    verified = ("10.0", "14")  # checked with 13.1.2

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        # Each named lexer, made once per build with its options (and its rules joined).
        self.lexers: dict[tuple[str, str], Any] = {}
        # Pygments' stylesheet tables, by style and class prefix.
        self.stylesheets: dict[tuple[object, str], tuple[dict[Any, str], dict[str, Any]]] = {}
        self._formatters: dict[str, type] | None = None

    def install(self, md: Markdown, blocks: Blocks) -> None:
        """Make `md`'s highlight extension hand out the highlighter that reuses `blocks`."""
        if not self.usable():
            return
        highlighter = type("CachedHighlight", (_CachedHighlight,), {"blocks": blocks, "own": self})
        for ext in md.registeredExtensions:
            if isinstance(ext, HighlightExtension):
                ext.get_pymdownx_highlighter = lambda: highlighter

    def self_check(self) -> str | None:
        if not callable(getattr(HighlightExtension, "get_pymdownx_highlighter", None)):
            return "HighlightExtension.get_pymdownx_highlighter is gone"
        names = tuple(inspect.signature(Highlight.highlight).parameters)
        if names != _PARAMETERS:
            return f"Highlight.highlight takes ({', '.join(names)})"
        for name in _FORMATTERS:
            formatter = getattr(pymdownx_highlight, name, None)
            if not callable(getattr(formatter, "_create_stylesheet", None)):
                return f"pymdownx.highlight.{name} has no _create_stylesheet"
        sample = {"style": "default", "classprefix": "x-"}
        own = pymdownx_highlight.BlockHtmlFormatter(**sample)
        shared = self._shared()["BlockHtmlFormatter"](**sample)
        again = self._shared()["BlockHtmlFormatter"](**sample)
        for made in (shared, again):
            if (made.ttype2class, made.class2style) != (own.ttype2class, own.class2style):
                return "a shared stylesheet differs from Pygments' own"
        return None

    @contextmanager
    def sharing_stylesheets(self) -> Iterator[None]:
        """While inside, pymdownx's highlighter makes formatters that share stylesheets."""
        shared = self._shared()
        originals = {name: getattr(pymdownx_highlight, name) for name in shared}
        for name, formatter in shared.items():
            setattr(pymdownx_highlight, name, formatter)
        try:
            yield
        finally:
            for name, formatter in originals.items():
                setattr(pymdownx_highlight, name, formatter)

    def _shared(self) -> dict[str, type]:
        # Pygments works out a style's class names anew for every formatter, about half a
        # millisecond, and pymdownx makes one formatter per block: the tables are worked out
        # once per style and class prefix, and each formatter gets a copy.
        if self._formatters is None:
            self._formatters = {}
            for name in _FORMATTERS:
                formatter = getattr(pymdownx_highlight, name)
                original = formatter._create_stylesheet
                self._formatters[name] = type(
                    formatter.__name__,
                    (formatter,),
                    {"_create_stylesheet": _sharing(self.stylesheets, original)},
                )
        return self._formatters


def _sharing(
    tables: dict[tuple[object, str], tuple[dict[Any, str], dict[str, Any]]],
    original: Callable[[Any], None],
) -> Callable[[Any], None]:
    def _create_stylesheet(formatter: Any) -> None:
        key = (formatter.style, formatter.classprefix)
        found = tables.get(key)
        if found is None:
            original(formatter)
            found = tables[key] = (formatter.ttype2class, formatter.class2style)
        formatter.ttype2class, formatter.class2style = dict(found[0]), dict(found[1])

    return _create_stylesheet


class _CachedHighlight(Highlight):
    blocks: Blocks
    own: CachedHighlighter

    def highlight(  # type: ignore[no-untyped-def]
        self, src, language, css_class="highlight", hl_lines=None, *args, **kwargs
    ):
        call = _signature(src, language, css_class, hl_lines, *args, **kwargs)
        if not self._reusable(call):
            with self.own.sharing_stylesheets():
                return super().highlight(src, language, css_class, hl_lines, *args, **kwargs)
        settings = {name: value for name, value in vars(self).items() if name != "md"}
        if not (settings.get("line_spans") or settings.get("line_anchors")):
            # The block's number on its page only shows in line ids; without them it is noise.
            call.pop("code_block_count", None)
        key = key_of(["block", settings, call])
        blocks = self.blocks
        html = blocks.ready.pop(key, None)
        if html is not None:
            pass
        elif (html := blocks.store.get(key)) is not None:
            blocks.counts["stored"] += 1
        else:
            with self.own.sharing_stylesheets():
                html = super().highlight(src, language, css_class, hl_lines, *args, **kwargs)
            blocks.store.put(key, html)
            blocks.counts["made"] += 1
        if blocks.record is not None:
            blocks.record[key] = html
        return html

    def get_lexer(self, src, language, inline, stripnl):  # type: ignore[no-untyped-def]
        """pymdownx's lexer for `language`; one found by its name is kept and used again."""
        if not language:
            return super().get_lexer(src, language, inline, stripnl)
        name, options = self.get_extended_language(language)
        options = {"stripnl": stripnl, **options}
        key = (name, repr(sorted(options.items())))
        lexers = self.own.lexers
        lexer = lexers.get(key)
        if lexer is None:
            try:
                lexer = self.blocks.joined.fast(get_lexer_by_name(name, **options))
            except Exception:  # pymdownx then guesses from the text, or falls back
                return super().get_lexer(src, language, inline, stripnl)
            lexers[key] = lexer
        return lexer, language

    def _reusable(self, call: dict[str, Any]) -> bool:
        # Inline code returns an element, and HTML titles go through the page's own stash:
        # neither is plain text that can be kept.
        if call["inline"] or not getattr(self, "use_pygments", False):
            return False
        if getattr(self, "title_mode", "text") == "html":
            return False
        return not (call["title"] is None and getattr(self, "auto_title", False))


def _signature(
    src: str,
    language: str,
    css_class: str = "highlight",
    hl_lines: Any = None,
    linestart: int = -1,
    linestep: int = -1,
    linespecial: int = -1,
    inline: bool = False,
    classes: Any = None,
    id_value: str = "",
    attrs: Any = None,
    title: str | None = None,
    code_block_count: int = 0,
) -> dict[str, Any]:
    return dict(locals())


def highlight_blocks(md: Markdown, texts: list[str]) -> None:
    """Run `md`'s preprocessors over each text: superfences highlights fenced blocks there."""
    for text in texts:
        md.reset()
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
