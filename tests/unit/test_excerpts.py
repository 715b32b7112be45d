"""Excerpt rules: what a chunk between elision lines may look like, with exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages.checks.snippets import Issue, analyze
from example_pages.content.load import load_site
from example_pages.errors import ContentError

API = "demo.signals.Signal"
END = "end it at a statement boundary or add the closing lines"
START = "start it at a statement boundary or add the opening lines"

# (name, code, expected use lines, expected issues as (line, col, message))
CASES: list[tuple[str, str, tuple[int, ...], list[tuple[int, int, str]]]] = [
    (
        "whole-file",
        "from demo.signals import Signal\n\nready = Signal()\n",
        (1, 3),
        [],
    ),
    (
        "elided-body",
        "from demo.signals import Signal\n\n"
        "def connect_all(sender, **kwargs):\n"
        "## ... source file abbreviated to get to Signal examples ...\n"
        "ready = Signal()\n",
        (1, 5),
        [],
    ),
    (
        "indented-start",
        "    def ready(self):\n        self.done = Signal()\n        return self.done\n",
        (2,),
        [],
    ),
    (
        "deeper-start",
        "            if sender is None:\n"
        "                return Signal()\n"
        "        return None\n"
        "\n"
        "    def other(self):\n"
        "        return 1\n",
        (2,),
        [],
    ),
    (
        "clause-start",
        "from demo.signals import Signal\n"
        "# ...\n"
        "    else:\n"
        "        ready = Signal()\n"
        "    return ready\n",
        (1, 4),
        [],
    ),
    (
        "try-left-open",
        "try:\n    ready = Signal()\n# ...\nexcept ValueError:\n    pass\n",
        (2,),
        [],
    ),
    (
        "tabs",
        "class Box:\n\tdef make(self):\n# ...\n\t\treturn Signal()\n",
        (4,),
        [],
    ),
    (
        "only-comments",
        "# signals.py: the project's own signals\n"
        "## ... source file abbreviated to get to Signal examples ...\n"
        "from demo.signals import Signal\n",
        (3,),
        [],
    ),
    (
        "mid-statement-cut",
        "from demo.signals import Signal\n\n"
        "ready = Signal(\n"
        "    providing_args=['sender'],\n"
        "## ... source file abbreviated to get to Signal examples ...\n"
        "done = Signal()\n",
        (6,),
        [(4, 31, f"the excerpt ends inside an open '(' (opened at snippet line 3); {END}")],
    ),
    (
        "dangling-operator",
        "from demo.signals import Signal\nlabel = 'ready: %s' %\n# ...\n",
        (),
        [(2, 22, f"the excerpt ends in the middle of a statement; {END}")],
    ),
    (
        "unterminated-string",
        'from demo.signals import Signal\nhelp_text = """Sent when\n  the box is ready.\n',
        (),
        [(3, 20, f"the excerpt ends inside a string (opened at snippet line 2); {END}")],
    ),
    (
        "starts-mid-statement",
        "# ...\n        sender=None,\n    )\nready = Signal()\n",
        (),
        [
            (
                3,
                5,
                "the excerpt starts inside a statement: this ')' closes a bracket opened "
                f"before the excerpt; {START}",
            )
        ],
    ),
    (
        "dangling-decorator",
        "class Box:\n    @staticmethod\n# ...\n    def make():\n        return Signal()\n",
        (5,),
        [
            (
                2,
                18,
                "the excerpt ends with a decorator; add the definition it decorates or end "
                "the excerpt before the decorator",
            )
        ],
    ),
    (
        "missing-body-without-elision",
        "class Box(Signal):\n\nclass Other:\n    pass\n",
        (),
        [
            (
                3,
                1,
                "snippet does not parse: expected an indented block after class definition "
                "on line 1; quote the block's body or mark the gap with a '# ...' line",
            )
        ],
    ),
    (
        "gap-without-elision",
        "def make():\n    return Signal()\n            continue\n",
        (),
        [
            (
                3,
                13,
                "snippet does not parse: unexpected indent; if lines were left out here, "
                "mark the gap with a '# ...' line",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("code", "uses", "issues"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_excerpt_rules(
    code: str, uses: tuple[int, ...], issues: list[tuple[int, int, str]]
) -> None:
    analysis = analyze(code, API)
    assert analysis.issues == tuple(Issue(*issue) for issue in issues)
    assert analysis.use_lines == uses


def test_a_cut_is_located_in_the_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "projects").mkdir()
    (tmp_path / "apis").mkdir()
    (tmp_path / "projects" / "demo-project.yml").write_text(
        "name: demo-project\nrepo: https://example.com/demo/demo-project\nlicense: MIT\n"
        "description: A made-up project.\n"
    )
    (tmp_path / "apis" / f"{API}.yml").write_text(
        f"api: {API}\nkind: class\nsummary: A made-up API.\nexamples:\n"
        "  - project: demo-project\n    file: demo/app.py\n    ref: main\n    code: |\n"
        "      from demo.signals import Signal\n"
        "      ready = Signal(\n"
        "          sender=None,\n"
        "      # ...\n"
    )
    with pytest.raises(ContentError) as caught:
        load_site(tmp_path, root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"apis/{API}.yml:11:23: example 1 (demo-project): the excerpt ends inside an open '(' "
        f"(opened at snippet line 2); {END}"
    ]
