"""`example-pages pin` and `verify` on real git history made in tmp_path: renames, a renamed
default branch, a remote-only branch, a docstring left out of a quote, a cut mid-statement."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from example_pages import cli
from example_pages.authoring.drift import Missing, diff, locate
from example_pages.authoring.repair import (
    FileIndex,
    Rebuilt,
    RepairError,
    check_quoted,
    embed,
    rebuild,
)
from tests.gitrepo import commit, git, set_origin

PROJECT = """name: demo-shop
repo: https://example.com/demo/demo-shop
license: MIT
description: A made-up shop for tests.
"""

CART = '''"""The shop's cart."""
from demo.events import Signal

cart_changed = Signal()


class Cart:
    """A cart.

    It holds items.
    """

    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        Signal(name="added").send(
            sender=self,
            item=item,
        )
'''

CART_2 = CART.replace("self.items = []", "self.items: list = []")
DEVELOP = CART_2.replace("cart_changed = Signal()", "cart_changed = Signal(name='cart')")

PAGE = """api: demo.events.Signal
kind: class
summary: A signal.
examples:
  # quoted from the first version, with a gap
  - project: demo-shop
    file: shop.py
    ref: master
    code: |
      from demo.events import Signal
      # ...
          def __init__(self):
              self.items = []

  - project: demo-shop
    file: demo/shop.py
    ref: main
    code: |
      cart_changed = Signal()

  - project: demo-shop
    file: demo/shop.py
    ref: master
    highlight: [3]
    code: |
      from demo.events import Signal

      cart_changed = Signal()


      class Cart:

          def __init__(self):
              self.items: list = []

  - project: demo-shop
    file: demo/shop.py
    ref: main
    code: |
      from demo.events import Signal
      # ...
          def add(self, item):
              self.items.append(item)
              Signal(name="added").send(
                  sender=self,

  - project: demo-shop
    file: demo/shop.py
    ref: develop
    code: |
      cart_changed = Signal(name='cart')

  - project: demo-shop
    file: demo/shop.py
    ref: main
    code: |
      cart_changed = Signal(name='basket')
"""

PAGE_PATH = "content/apis/demo.events.Signal.yml"


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Upstream: shop.py, edited, then moved into demo/ as `master` became `main`; `develop`
    changes a line. The clone in clones/ has `develop` only as origin/develop."""
    monkeypatch.chdir(tmp_path)
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q", "-b", "master")
    shas = {"first": commit(upstream, {"shop.py": CART})}
    shas["edited"] = commit(upstream, {"shop.py": CART_2})
    shas["moved"] = commit(upstream, moves={"shop.py": "demo/shop.py"})
    git(upstream, "branch", "-m", "master", "main")
    git(upstream, "checkout", "-q", "-b", "develop")
    shas["develop"] = commit(upstream, {"demo/shop.py": DEVELOP})
    git(upstream, "checkout", "-q", "main")
    (tmp_path / "clones").mkdir()
    git(tmp_path / "clones", "clone", "-q", str(upstream), "demo-shop")
    set_origin(tmp_path / "clones/demo-shop", "https://example.com/demo/demo-shop")
    (tmp_path / "content/projects").mkdir(parents=True)
    (tmp_path / "content/apis").mkdir()
    (tmp_path / "content/projects/demo-shop.yml").write_text(PROJECT)
    (tmp_path / PAGE_PATH).write_text(PAGE)
    return shas


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = cli.main([*args, "--sources", "clones", "--snippet-errors", "warn"])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out.splitlines()


MISSING = (
    "'master' names no commit, branch or tag in the clone clones/demo-shop (its default "
    "branch is 'main'); set `ref` to the commit SHA the snippet was copied at, or run "
    "`example-pages pin --sources clones` to find it"
)
BRANCH = "is a branch, not a commit: it moves; run `example-pages pin --sources clones` to pin it"
NOT_FOUND = (
    "not pinned: the snippet is in none of the file's 4 versions on any branch; copy the "
    "snippet again from the file"
)


def test_verify_names_branches_missing_refs_and_remote_only_branches(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run(capsys, "verify")
    main, develop = shop["moved"][:12], shop["develop"][:12]
    assert code == 1
    assert lines == [
        f"{PAGE_PATH}:8:10: error: example 1 (demo-shop): {MISSING}",
        f"{PAGE_PATH}:17:10: warning: example 2 (demo-shop): the snippet matches main ({main}), "
        f"but 'main' {BRANCH}",
        f"{PAGE_PATH}:23:10: error: example 3 (demo-shop): {MISSING}",
        f"{PAGE_PATH}:38:10: warning: example 4 (demo-shop): the snippet matches main ({main}), "
        f"but 'main' {BRANCH}",
        # develop exists in the clone only as origin/develop
        f"{PAGE_PATH}:49:10: warning: example 5 (demo-shop): the snippet matches develop "
        f"({develop}), but 'develop' {BRANCH}",
        f"{PAGE_PATH}:51:7: warning: example 5 (demo-shop): snippet line 1 no longer appears in "
        f"demo/shop.py at HEAD ({main}); update the snippet from the file, or keep it pinned "
        "to develop",
        f"--- {PAGE_PATH} (example 5)",
        f"+++ demo/shop.py at HEAD ({main})",
        "@@ -1 +4 @@",
        "-cart_changed = Signal(name='cart')",
        "+cart_changed = Signal()",
        f"{PAGE_PATH}:57:7: error: example 6 (demo-shop): snippet line 1 does not appear in "
        "demo/shop.py at main; copy them again from the file at that commit",
        f"--- {PAGE_PATH} (example 6)",
        "+++ demo/shop.py at main",
        "@@ -1 +4 @@",
        "-cart_changed = Signal(name='basket')",
        "+cart_changed = Signal()",
        "Checked 6 examples in 1 clone: 0 match their ref, 1 drifted; 3 at a branch or tag, "
        "not a commit (run pin); 2 ref missing.",
        "Against HEAD, of the 3 that match: 2 at HEAD; 1 no longer matches at HEAD.",
    ]


def test_pin_finds_the_newest_matching_commit_and_keeps_the_yaml(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run(capsys, "pin")
    first, moved, develop = shop["first"], shop["moved"], shop["develop"]
    assert code == 1
    assert lines == [
        f"{PAGE_PATH}:23:10: error: example 3 (demo-shop): {NOT_FOUND}",
        f"{PAGE_PATH}:55:10: error: example 6 (demo-shop): {NOT_FOUND}",
        "Pinned examples against 1 clone (6 examples): 4 pinned, 0 already pinned, "
        "2 not found in the file's history; wrote 1 file.",
    ]
    text = Path(PAGE_PATH).read_text()
    # the newest version that holds the snippet, under the name it had there
    assert (
        "  # quoted from the first version, with a gap\n  - project: demo-shop\n"
        f"    file: shop.py\n    ref: {first}\n    line: [2, 13]\n" in text
    )
    assert f"    ref: {moved}\n    line: 4\n" in text
    assert f"    ref: {moved}\n    line: [2, 16]\n" in text
    assert f"    ref: {develop}\n    line: 4\n" in text
    code, lines = run(capsys, "verify")
    assert lines[0] == (
        f"{PAGE_PATH}:7:11: warning: example 1 (demo-shop): shop.py was moved to demo/shop.py "
        f"at HEAD ({moved[:12]}); set `file: demo/shop.py` and `ref: {moved}`, or keep it "
        f"pinned to {first[:12]}"
    )
    assert lines[-2:] == [
        "Checked 6 examples in 1 clone: 4 match their ref, 1 drifted; 1 ref missing.",
        "Against HEAD, of the 4 that match: 2 at HEAD; 2 no longer match at HEAD.",
    ]
    # pinned examples are pinned: a second run changes nothing
    code, lines = run(capsys, "pin")
    assert lines[-1] == (
        "Pinned examples against 1 clone (6 examples): 0 pinned, 4 already pinned, "
        "2 not found in the file's history; wrote 0 files."
    )


def test_repair_rebuilds_from_the_files_own_lines(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, lines = run(capsys, "pin", "--repair")
    moved = shop["moved"]
    assert code == 1
    assert lines == [
        f"{PAGE_PATH}:23:10: info: example 3 (demo-shop): repaired from demo/shop.py at "
        f"{moved[:12]}",
        "--- quoted",
        f"+++ demo/shop.py at {moved[:12]}",
        "@@ -6,3 +6,3 @@",
        " class Cart:",
        "-",
        "+    # ...",
        "     def __init__(self):",
        f"{PAGE_PATH}:38:10: info: example 4 (demo-shop): repaired from demo/shop.py at "
        f"{moved[:12]}",
        "--- quoted",
        f"+++ demo/shop.py at {moved[:12]}",
        # the author's own `# ...` stands for the same gap: kept as written
        "@@ -6 +6,3 @@",
        "             sender=self,",
        "+            item=item,",
        "+        )",
        f"{PAGE_PATH}:55:10: error: example 6 (demo-shop): {NOT_FOUND}",
        "Pinned examples against 1 clone (6 examples): 3 pinned, 2 repaired, 0 already pinned, "
        "1 not found in the file's history; wrote 1 file.",
    ]
    text = Path(PAGE_PATH).read_text()
    # the docstring left out of the quote is marked; the highlight follows its line
    assert (
        f"    ref: {moved}\n    line: [2, 13]\n    highlight: [3]\n    code: |\n"
        "      from demo.events import Signal\n\n      cart_changed = Signal()\n\n\n"
        "      class Cart:\n          # ...\n          def __init__(self):\n" in text
    )
    code, lines = run(capsys, "verify")
    assert lines[-2:] == [
        "Checked 6 examples in 1 clone: 5 match their ref, 1 drifted.",
        "Against HEAD, of the 5 that match: 3 at HEAD; 2 no longer match at HEAD.",
    ]
    # every line of each snippet is a line of its file at the pinned commit, in order
    data = yaml.safe_load(text)
    for example in data["examples"][:5]:
        shown = git(tmp_path / "clones/demo-shop", "show", f"{example['ref']}:{example['file']}")
        upstream = shown.splitlines()
        at = -1
        for line in example["code"].splitlines():
            if line.strip().startswith("# ..."):
                continue
            at = upstream.index(line, at + 1)


def test_a_repaired_line_must_be_the_files() -> None:
    index = FileIndex("a = 1\nb = 2\n")
    check_quoted(Rebuilt("a = 1\n# ...\n", (0, None), (1,)), index.lines)
    with pytest.raises(RepairError):
        check_quoted(Rebuilt("a = 1\nc = 3\n", (0, 1), (1,)), index.lines)
    with pytest.raises(RepairError):
        check_quoted(Rebuilt("b = 2\na = 1\n", (1, 0), (2,)), index.lines)


def test_an_empty_clone_fails_only_its_own_examples(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "clones/other")], check=True)
    Path("content/projects/other.yml").write_text(PROJECT.replace("demo-shop", "other"))
    Path("content/apis/demo.events.Signal.yml").write_text(
        PAGE + "\n  - project: other\n    file: x.py\n    ref: main\n    code: |\n"
        "      from demo.events import Signal\n"
    )
    broken = "git rev-parse failed in clones/other: fatal: Needed a single revision"
    code, lines = run(capsys, "verify")
    assert code == 1
    # every example is counted once: 1 + 3 + 2 + 1 = 7
    assert lines[-3:] == [
        f"{PAGE_PATH}:59:5: error: example 7 (other): the clone of other cannot be read: "
        f"{broken}; clone it again",
        "Checked 7 examples in 2 clones: 0 match their ref, 1 drifted; 3 at a branch or tag, "
        "not a commit (run pin); 2 ref missing; 1 not checked (clone unreadable).",
        "Against HEAD, of the 3 that match: 2 at HEAD; 1 no longer matches at HEAD.",
    ]
    code, lines = run(capsys, "pin")
    assert lines[-2:] == [
        f"{PAGE_PATH}:61:10: error: example 7 (other): not pinned: the clone cannot be read: "
        f"{broken}",
        "Pinned examples against 2 clones (7 examples): 4 pinned, 0 already pinned, 2 not "
        "found in the file's history, 1 clone unreadable; wrote 1 file.",
    ]


def test_the_diff_starts_at_the_class_above_a_dropped_docstring() -> None:
    """The lines below a left-out docstring outvote the class line; the region keeps it."""
    code = CART.replace('    """A cart.\n\n    It holds items.\n    """\n', "").replace(
        "self.items.append(item)", "self.items.append(item, 1)"
    )
    code = code[code.index("class Cart:") :]
    found = locate(CART, code)
    assert isinstance(found, Missing)
    assert diff(CART, found, old="quoted", new="shop.py")[:9] == [
        "--- quoted",
        "+++ shop.py",
        "@@ -1,3 +7,7 @@",
        " class Cart:",
        '+    """A cart.',
        "+",
        "+    It holds items.",
        '+    """',
        " ",
    ]


def test_harvest_runs_on_a_site_with_snippet_errors(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # example 4 ends inside an open bracket: a content error, which `check` reports
    assert cli.main(["check"]) == 1
    args = ["clones/demo-shop", "--api", "demo.events.Signal", "--project", "demo-shop"]
    capsys.readouterr()
    assert cli.main(["harvest", *args, "--snippet-errors", "warn"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"Added 0 examples to {PAGE_PATH}: ")


def test_update_pins_a_branch_at_head_instead_of_calling_it_current(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    moved = shop["moved"]
    code, lines = run(capsys, "verify", "--update")
    assert code == 1  # examples 1, 3, 5 and 6 do not match HEAD
    assert f"{PAGE_PATH}:17:10: info: example 2 (demo-shop): ref main -> {moved[:12]}" in lines
    assert lines[-1] == (
        "Moved 2 examples to HEAD in 1 file; 0 already at HEAD; 4 no longer match HEAD, not moved."
    )
    assert f"    file: demo/shop.py\n    ref: {moved}\n    code: |\n" in Path(PAGE_PATH).read_text()


def test_a_line_the_quote_wrapped_is_rebuilt_as_the_files_one_line() -> None:
    source = (
        "class Admin(ModelAdmin):\n"
        "    list_display = ['created', 'action', 'msg_short', 'user_url']\n"
        "    search = ('name',)\n"
    )
    quoted = (
        "class Admin(ModelAdmin):\n"
        "    list_display = ['created', 'action', \n"
        "                    'msg_short', 'user_url']\n"
        "    search = ('name',)\n"
    )
    index = FileIndex(source)
    placed = embed(index, quoted)
    assert placed == [0, 1, None, 2]
    rebuilt = rebuild(index, quoted, placed)
    assert rebuilt is not None
    assert (rebuilt.code, rebuilt.starts) == (source, (1,))


def test_a_note_the_quote_added_becomes_a_gap() -> None:
    source = "import demo\n\n\ndef first():\n    return 1\n\n\ndef second():\n    return 2\n"
    quoted = (
        "import demo\n# source file continues with more examples\ndef second():\n    return 2\n"
    )
    index = FileIndex(source)
    placed = embed(index, quoted)
    assert placed == [0, None, 7, 8]
    rebuilt = rebuild(index, quoted, placed)
    assert rebuilt is not None
    assert rebuilt.code == "import demo\n# ...\ndef second():\n    return 2\n"
    assert rebuilt.starts == (1, 8)


OWN_MARKS = """api: demo.events.Signal
kind: class
summary: A signal.
examples:
  - project: demo-shop
    file: demo/shop.py
    ref: main
    code: |
      from demo.events import Signal
      ## ... the cart's own signal is left out
      class Cart:

          def __init__(self):
"""


def test_repair_keeps_the_authors_elision_lines_for_the_same_gap(
    shop: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    Path(PAGE_PATH).write_text(OWN_MARKS)
    code, lines = run(capsys, "pin", "--repair")
    assert code == 0
    assert lines[-1].endswith("1 repaired, 0 already pinned; wrote 1 file.")
    example = yaml.safe_load(Path(PAGE_PATH).read_text())["examples"][0]
    # the author's line stands for the same left-out lines: kept as written, where it was;
    # the docstring the quote dropped without saying so gets a mark of its own
    assert example["code"] == (
        "from demo.events import Signal\n"
        "## ... the cart's own signal is left out\n"
        "class Cart:\n"
        "    # ...\n"
        "    def __init__(self):\n"
    )
    assert example["line"] == [2, 7, 13]
