"""Kept lexers and shared stylesheets highlight exactly as pymdownx and Pygments do alone."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import markdown
import pytest

from example_pages.cache import Store
from example_pages.engine.codeblocks import Blocks, CodeBlocksExtension
from example_pages.engine.compat import Speedups

TEXT = """\
# Blocks

```python title="a.py" linenums="7" hl_lines="1 3"
import os


def run(path):
    return os.stat(path)
```

```text
plain text <b>
```

```nosuchlanguage
falls back to the default lexer
```

```python

# the blank line above stays with stripnl off
```

```php-inline
$value = compute(1);
```

```pycon
>>> print("console")
console
```

Inline `#!python value = compute(1)` and `plain`.
"""
EXTENSIONS = ["attr_list", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite"]
CONFIGS: list[dict[str, Any]] = [
    {"pymdownx.highlight": {"pygments_lang_class": True, "linenums_style": "pymdownx-inline"}},
    {"pymdownx.highlight": {"noclasses": True, "pygments_style": "monokai", "linenums": True}},
    {
        "pymdownx.highlight": {
            "css_class": "code",
            "linenums_style": "table",
            "guess_lang": True,
            "stripnl": False,
            "extend_pygments_lang": [
                {"name": "php-inline", "lang": "php", "options": {"startinline": True}}
            ],
        }
    },
]
# pymdownx alone, in an interpreter that never imported this package.
ALONE = """
import json, sys, markdown
text, extensions, configs = json.load(sys.stdin)
print(json.dumps([markdown.markdown(text, extensions=extensions, extension_configs=c)
                  for c in configs for _ in range(2)]))
"""


def test_highlighting_equals_pymdownx_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ALONE],
        input=json.dumps([TEXT, EXTENSIONS, CONFIGS]),
        capture_output=True,
        text=True,
        check=True,
    )
    alone = json.loads(done.stdout)
    ours = [
        markdown.markdown(
            TEXT,
            extensions=[*EXTENSIONS, CodeBlocksExtension(Blocks(Store(None), Speedups()))],
            extension_configs=configs,
        )
        for configs in CONFIGS
        for _ in range(2)  # the second time, with the kept lexers and stylesheets
    ]
    assert ours == alone
    assert 'style="color' in ours[2]  # the inline styles of the second configuration


@pytest.mark.parametrize("style", ["default", "monokai"])
def test_a_shared_stylesheet_is_a_copy(style: str) -> None:
    import pymdownx.highlight as highlight  # type: ignore[import-untyped]

    blocks = Blocks(Store(None), Speedups())
    with blocks.highlighter.sharing_stylesheets():
        one = highlight.BlockHtmlFormatter(style=style)
        one.ttype2class.clear()
        assert highlight.BlockHtmlFormatter(style=style).ttype2class
    assert blocks.highlighter.stylesheets  # the formatters made inside shared their tables
