"""The Markdown extensions the generated pages need, with the options they rely on."""

from __future__ import annotations

from typing import Any

REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    # `{#example-1}` anchors on the example headings
    "attr_list": {},
    # titles, line numbers and highlighted lines on the code blocks; inline line numbers keep
    # each number on its line's <span>, which the sanitizer's allowlist knows
    "pymdownx.highlight": {"pygments_lang_class": True, "linenums_style": "pymdownx-inline"},
    # fenced code blocks, with snippets shown as written: tabs are not expanded
    "pymdownx.superfences": {"preserve_tabs": True},
}


def add_required_extensions(extensions: list[str], configs: dict[str, Any]) -> list[str]:
    """Add each required extension that `extensions` lacks; return the names added.

    Options the site sets itself are kept; the ones the pages rely on are filled in.
    """
    added = []
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in extensions:
            extensions.append(name)
            added.append(name)
        settings = configs.setdefault(name, {})
        for key, value in options.items():
            settings.setdefault(key, value)
    return added
