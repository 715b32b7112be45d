"""Highlighted code blocks reused across pages, processes and builds.

`CodeBlocksExtension`, loaded after `pymdownx.highlight`, makes its highlighter look a block up
before running Pygments: first among the blocks worker processes highlighted ahead of the page,
then in the persistent store. A block is known by the exact arguments and settings of the
highlight call, so a reused block is the text that call would have returned.
"""

from __future__ import annotations

from typing import Any

import pymdownx.highlight as pymdownx_highlight  # type: ignore[import-untyped]
from markdown import Markdown
from markdown.extensions import Extension
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pymdownx.highlight import Highlight, HighlightExtension

from ..cache import Store, key_of
from .lexing import fast_lexer

# A lexer keeps no state between texts, and finding one by name walks Pygments' whole table:
# each named lexer is made once per process, with its options (and its rules joined, `lexing`).
_LEXERS: dict[tuple[str, str], Any] = {}


class Blocks:
    """The highlighted blocks a build shares: ready ones by key, and the persistent store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ready: dict[str, str] = {}
        # In a worker: every block highlighted since the last reset, to send back.
        self.record: dict[str, str] | None = None
        # Blocks read from the store and highlighted, here and by the workers that handed theirs
        # over; and how many of the highlighted ones a worker made.
        self.counts = {"stored": 0, "made": 0, "made by workers": 0}


class _CachedHighlight(Highlight):
    blocks: Blocks

    def highlight(  # type: ignore[no-untyped-def]
        self, src, language, css_class="highlight", hl_lines=None, *args, **kwargs
    ):
        call = _signature(src, language, css_class, hl_lines, *args, **kwargs)
        if not self._reusable(call):
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
        lexer = _LEXERS.get(key)
        if lexer is None:
            try:
                lexer = fast_lexer(get_lexer_by_name(name, **options))
            except Exception:  # pymdownx then guesses from the text, or falls back
                return super().get_lexer(src, language, inline, stripnl)
            _LEXERS[key] = lexer
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


# Pygments' formatter works out a style's class names anew for every code block, about half a
# millisecond each, and pymdownx makes one formatter per block. Its formatters are given a
# `_create_stylesheet` that works them out once per style and class prefix and hands each
# formatter a copy of the same tables, so nothing else changes.
_STYLESHEETS: dict[tuple[object, str], tuple[dict[Any, str], dict[str, Any]]] = {}


def _create_stylesheet(formatter: Any, original: Any) -> None:
    key = (formatter.style, formatter.classprefix)
    tables = _STYLESHEETS.get(key)
    if tables is None:
        original(formatter)
        tables = _STYLESHEETS[key] = (formatter.ttype2class, formatter.class2style)
    formatter.ttype2class, formatter.class2style = dict(tables[0]), dict(tables[1])


def _share_stylesheets() -> None:
    """Replace pymdownx's two formatter classes, once, by subclasses that share stylesheets."""
    for name in ("BlockHtmlFormatter", "InlineHtmlFormatter"):
        formatter = getattr(pymdownx_highlight, name, None)
        if formatter is None or getattr(formatter, "_example_pages", False):
            continue
        original = formatter._create_stylesheet
        shared = type(
            formatter.__name__,
            (formatter,),
            {
                "_example_pages": True,
                "_create_stylesheet": lambda self, _o=original: _create_stylesheet(self, _o),
            },
        )
        setattr(pymdownx_highlight, name, shared)


class CodeBlocksExtension(Extension):
    """Reuses highlighted blocks from `blocks`; list it after `pymdownx.highlight`."""

    def __init__(self, blocks: Blocks) -> None:
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md: Markdown) -> None:
        _share_stylesheets()
        highlighter = type("CachedHighlight", (_CachedHighlight,), {"blocks": self.blocks})
        for ext in md.registeredExtensions:
            if isinstance(ext, HighlightExtension):
                ext.get_pymdownx_highlighter = lambda: highlighter
