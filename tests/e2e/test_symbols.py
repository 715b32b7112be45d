"""Examples anchored to a symbol, on real git history made in tmp_path: upstream edits above
the symbol, a renamed file, a changed body; `check`, `pin --repair`, `verify`, the built page
and `harvest`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from example_pages import cli
from tests.gitrepo import commit, git, set_origin

PROJECT = """name: demo-shop
repo: https://example.com/demo/demo-shop
license: MIT
description: A made-up shop for tests.
"""

V1 = """from demo.events import Signal, receiver

saved = Signal()


@receiver(saved)
def post_save_handler(sender, **kwargs):
    saved.send(sender=sender)
    return sender


class Cart:
    def add(self, item):
        saved.send(sender=self, item=item)
        return item
"""

# upstream inserts lines above both symbols, then renames the file, then edits Cart.add
V2 = V1.replace(
    "saved = Signal()\n",
    'saved = Signal()\n\n\ndef helper():\n    """Added upstream."""\n    return None\n',
)
V4 = V2.replace("        return item\n", "        self.items.append(item)\n        return item\n")

PAGE = """api: demo.events.receiver
kind: function
summary: A decorator.
examples:
  - project: demo-shop
    file: demo/signals.py
    ref: main
    line: 6
    symbol: post_save_handler
    code: |
      @receiver(saved)
      def post_save_handler(sender, **kwargs):
          saved.send(sender=sender)
          return sender

  - project: demo-shop
    file: demo/signals.py
    ref: main
    symbol: Cart.add
    code: |
      from demo.events import Signal, receiver
      # ...
          def add(self, item):
              # the page's own note, in no version of the file
              saved.send(sender=self, item=item)
              return item

  - project: demo-shop
    file: demo/signals.py
    ref: main
    symbol: Cart.add
    expect_use: false
    code: |
          def add(self, item):
              saved.send(sender=self, item=item)
              return item or None
"""

PAGE_PATH = "content/apis/demo.events.receiver.yml"


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    upstream = tmp_path / "upstream"
    shas = {"v1": commit(upstream, {"demo/signals.py": V1})}
    shas["v2"] = commit(upstream, {"demo/signals.py": V2})
    shas["v3"] = commit(upstream, moves={"demo/signals.py": "demo/handlers.py"})
    shas["v4"] = commit(upstream, {"demo/handlers.py": V4})
    (tmp_path / "clones").mkdir()
    git(tmp_path / "clones", "clone", "-q", str(upstream), "demo-shop")
    set_origin(tmp_path / "clones/demo-shop", "https://example.com/demo/demo-shop")
    (tmp_path / "content/projects").mkdir(parents=True)
    (tmp_path / "content/apis").mkdir()
    (tmp_path / "content/projects/demo-shop.yml").write_text(PROJECT)
    (tmp_path / PAGE_PATH).write_text(PAGE)
    return shas


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_pin_repair_finds_the_symbols_again_and_the_page_shows_their_lines(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, lines, err = run(capsys, "pin", "--repair", "--sources", "clones")
    v4 = shop["v4"]
    assert (code, err) == (0, "")
    assert lines[0] == (
        f"{PAGE_PATH}:7:10: info: example 1 (demo-shop): pinned main -> {v4[:12]} "
        "(demo/signals.py is now demo/handlers.py there); post_save_handler at lines 11-14"
    )
    assert lines[1] == (
        f"{PAGE_PATH}:18:10: info: example 2 (demo-shop): repaired from demo/handlers.py at "
        f"{v4[:12]} (demo/signals.py is now demo/handlers.py there)"
    )
    # a line in no version of the symbol: the symbol as it is now, whole, with a diff
    assert [line for line in lines if "example 3" in line] == [
        f"{PAGE_PATH}:30:10: info: example 3 (demo-shop): repaired from demo/handlers.py at "
        f"{v4[:12]} (demo/signals.py is now demo/handlers.py there); Cart.add quoted whole: "
        "its quoted lines changed"
    ]
    assert lines[-1] == (
        "Pinned examples against 1 clone (3 examples): 1 pinned, 2 repaired, 0 already pinned; "
        "wrote 1 file."
    )
    examples = yaml.safe_load(Path(PAGE_PATH).read_text())["examples"]
    # the handler moved down 4 lines and into another file: the symbol found it
    assert examples[0] | {"code": ""} == {
        "project": "demo-shop",
        "file": "demo/handlers.py",
        "ref": v4,
        "line": 11,
        "symbol": "post_save_handler",
        "code": "",
    }
    # the page's own note is gone, the author's `# ...` kept; the line upstream added is a gap
    assert (examples[1]["ref"], examples[1]["line"]) == (v4, [1, 18, 21])
    assert examples[1]["code"] == (
        "from demo.events import Signal, receiver\n"
        "# ...\n"
        "    def add(self, item):\n"
        "        saved.send(sender=self, item=item)\n"
        "        # ...\n"
        "        return item\n"
    )
    shown = git(tmp_path / "clones/demo-shop", "show", f"{v4}:demo/handlers.py").splitlines()
    assert shown[17:19] == examples[1]["code"].splitlines()[2:4]
    assert shown[20] == "        return item"
    assert (examples[2]["ref"], examples[2]["line"]) == (v4, 18)
    assert examples[2]["code"].splitlines() == shown[17:21]
    # the clone proves both, and the second run changes nothing
    code, lines, err = run(capsys, "check", "--sources", "clones")
    assert (code, err) == (0, "")
    assert lines == [
        "Checked 1 API page with 3 examples from 1 project, 3 symbols proved against clones: "
        "no errors."
    ]
    code, lines, err = run(capsys, "pin", "--sources", "clones")
    assert lines[-1].startswith("Pinned examples against 1 clone (3 examples): 0 pinned, ")
    assert "3 already pinned" in lines[-1]
    # the page numbers the lines as the file at the pinned commit does
    code, lines, err = run(capsys, "build", "--out", "out")
    assert (code, err) == (0, "")
    page = next(Path("out").rglob("demo.events.receiver.md")).read_text()
    assert 'linenums="11"' in page


def test_verify_follows_a_symbol_into_the_renamed_file(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    v1 = shop["v1"]
    first = PAGE.split("\n\n  - project")[0]
    Path(PAGE_PATH).write_text(first.replace("ref: main", f"ref: {v1}") + "\n")
    code, lines, err = run(capsys, "verify", "--sources", "clones")
    assert (code, err) == (0, "")
    v4 = shop["v4"]
    assert lines[0] == (
        f"{PAGE_PATH}:6:11: warning: example 1 (demo-shop): post_save_handler moved to "
        f"demo/handlers.py at HEAD ({v4[:12]}), line 11; set `file: demo/handlers.py`, "
        f"`ref: {v4}` and `line: 11` (`example-pages pin` does), or keep it pinned to "
        f"{v1[:12]}"
    )


CHECKED = """api: demo.events.receiver
kind: function
summary: A decorator.
examples:
  - project: demo-shop
    file: demo/handlers.py
    ref: {ref}
    symbol: {symbol}
    line: {line}
    code: |
      @receiver(saved)
      def post_save_handler(sender, **kwargs):
          saved.send(sender=sender)
          return sender
"""


@pytest.mark.parametrize(
    ("symbol", "line", "sources", "expected"),
    [
        (
            "post_save_handle",
            11,
            False,
            "8:13: example 1 (demo-shop): `symbol: post_save_handle` names no `def` or "
            "`class` line of the snippet, which defines only post_save_handler; did you mean "
            "`symbol: post_save_handler`?",
        ),
        (
            "Cart.post_save_handler",
            11,
            True,
            "8:13: example 1 (demo-shop): demo/handlers.py at {short} does not define "
            "Cart.post_save_handler: the file defines no such function, class or method; "
            "did you mean 'post_save_handler'?",
        ),
        (
            "post_save_handler",
            6,
            True,
            "9:11: example 1 (demo-shop): `line` is 6, but post_save_handler's snippet "
            "starts at line 11 of demo/handlers.py at {short}; set `line: 11`",
        ),
    ],
)
def test_check_proves_the_snippet_is_the_symbols_source(
    shop: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    symbol: str,
    line: int,
    sources: bool,
    expected: str,
) -> None:
    v4 = shop["v4"]
    Path(PAGE_PATH).write_text(CHECKED.format(ref=v4, symbol=symbol, line=line))
    code, _, err = run(capsys, "check", *(["--sources", "clones"] if sources else []))
    assert code == 1
    assert err.splitlines()[0] == f"{PAGE_PATH}:" + expected.format(short=v4[:12])


BIG = (
    "from demo.events import receiver\n\n"
    + "".join(f"LIMIT_{i} = {i}\n" for i in range(30))
    + "\n\n@receiver('ready')\ndef on_ready(sender):\n    return sender\n"
    + "\n\ndef after():\n    return None\n"
)


def test_harvest_names_the_symbol_of_a_whole_function(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    commit(Path("clones/demo-shop"), {"demo/big.py": BIG})
    Path(PAGE_PATH).write_text("api: demo.events.receiver\nkind: function\nsummary: S.\n")
    code, lines, err = run(capsys, "harvest", "clones/demo-shop", "--project", "demo-shop",
                           "--api", "demo.events.receiver")  # fmt: skip
    assert (code, err) == (0, ""), lines
    examples = yaml.safe_load(Path(PAGE_PATH).read_text())["examples"]
    assert [(e["file"], e.get("symbol")) for e in examples] == [
        ("demo/big.py", "on_ready"),
        # a small file is quoted whole: more than the function, so no symbol
        ("demo/handlers.py", None),
    ]
    assert (
        "...\n@receiver('ready')\ndef on_ready(sender):\n    return sender\n"
        in (examples[0]["code"])
    )
    code, lines, err = run(capsys, "check", "--sources", "clones")
    assert (code, err) == (0, ""), err
    assert "1 symbol proved against clones" in lines[0]


def test_check_names_the_snippet_lines_that_are_not_the_symbols(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    v4 = shop["v4"]
    page = CHECKED.format(ref=v4, symbol="post_save_handler", line=11)
    Path(PAGE_PATH).write_text(page.replace("return sender", "return None"))
    code, _, err = run(capsys, "check", "--sources", "clones")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{PAGE_PATH}:12:7: example 1 (demo-shop): snippet lines 2-4 are not in the source of "
        f"post_save_handler (lines 11-14) in demo/handlers.py at {v4[:12]}; copy them again "
        "from there, or correct `symbol`"
    )
