"""`example-pages harvest` on real git repositories made in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from example_pages import cli
from example_pages.authoring.harvest import is_test_path
from example_pages.checks.excerpts import chunks, snippet_lines
from example_pages.content.load import load_site
from tests.conftest import ROOT, copy_site
from tests.gitrepo import commit, git, set_origin

PROJECT_FILE = """name: demo-project
repo: https://example.com/demo/demo-project
license: MIT
description: A made-up project for tests.
"""

SIGNALS = '''"""Signals sent by the demo shop."""
import logging

from demo.events import Signal as BaseSignal

log = logging.getLogger(__name__)

# ... a comment that reads like an elision

order_placed = BaseSignal()


class AuditSignal(BaseSignal):
    """Logs each send."""

    def send(self, sender, **kwargs):
        log.info("sending %s", sender)
        return super().send(sender, **kwargs)
'''

HANDLERS = """import demo.events as ev
from demo.util import helper


def connect_all(app):
    helper(app)

    @ev.receiver("ready")
    def on_ready(sender):
        return sender

    return on_ready
"""

SHOP = (
    "from demo import events\n\n\nclass Shop:\n"
    '    """A shop with a long checkout."""\n\n'
    "    def __init__(self):\n        self.items = []\n\n"
    "    def checkout(self, cart):\n        total = 0\n"
    + "".join(f"        total += cart[{i}]\n" for i in range(30))
    + "        self.done = events.Signal()\n        return total\n"
)

REGISTRY = '''"""Receivers the demo shop connects at start-up."""
import logging

from demo.events import receiver
from demo.settings import changed
from demo.util import helper

log = logging.getLogger(__name__)

CACHE = {}
LIMITS = {"orders": 10, "refunds": 2}


def clear():
    CACHE.clear()
    log.info("cache cleared")


def warm(keys):
    for key in keys:
        CACHE[key] = helper(key)
    return len(CACHE)


@receiver(changed)
def reset_cache(**kwargs):
    clear()


def limit(name):
    """The most a customer may place at once."""
    return LIMITS.get(name, 0)


@receiver(changed, sender="limits")
def reset_limits(**kwargs):
    LIMITS.clear()
'''

BROKEN = "from demo.events import Signal\n\ndef oops(:\n    Signal()\n"

TEST_FILE = """from demo.events import Signal


def test_send():
    signal = Signal()
    assert signal.send(None) == []
"""

FILES = {
    "src/demo/signals.py": SIGNALS,
    "src/demo/handlers.py": HANDLERS,
    "src/demo/shop.py": SHOP,
    "src/demo/registry.py": REGISTRY,
    "src/demo/broken.py": BROKEN,
    "tests/test_signals.py": TEST_FILE,
    "docs/conf.py": "project = 'demo'\n",
}

PAGE_HEAD = """# yaml-language-server: $schema=../../schemas/api.schema.json
# Signal pages are checked by hand every release.
api: demo.events.Signal   # keep this comment
kind: class
summary: >-
  A `Signal` tells receivers that something happened.
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a clone, a project and an API page, as the CLI's cwd."""
    monkeypatch.chdir(tmp_path)
    commit(tmp_path / "clones" / "demo-project", FILES, message="initial")
    set_origin(tmp_path / "clones" / "demo-project", "https://example.com/demo")
    assert cli.main(["new", "project", "demo-project", "--repo", "https://example.com/demo",
                     "--license", "MIT"]) == 0  # fmt: skip
    project = tmp_path / "content" / "projects" / "demo-project.yml"
    project.write_text(project.read_text().replace("TODO(example-pages): ", ""))
    (tmp_path / "content" / "apis").mkdir(parents=True)
    (tmp_path / "content" / "apis" / "demo.events.Signal.yml").write_text(PAGE_HEAD)
    return tmp_path


def harvest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["harvest", "clones/demo-project", "--project", "demo-project", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_harvest_adds_the_best_usage_of_each_file_tests_last(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = _head(site)
    code, out, err = harvest(capsys, "--api", "demo.events.Signal")
    assert (code, err) == (0, "")
    assert out == (
        "example 1: src/demo/shop.py:42 (definition)\n"
        "example 2: src/demo/signals.py:10 (definition)\n"
        "example 3: tests/test_signals.py:5 (definition, in tests)\n"
        f"Scanned 7 Python files at {sha[:12]}: 3 files use demo.events.Signal; "
        "skipped 1 file that did not parse (src/demo/broken.py).\n"
        "Added 3 examples to content/apis/demo.events.Signal.yml.\n"
    )
    page = (site / "content/apis/demo.events.Signal.yml").read_text()
    assert (
        page
        == PAGE_HEAD
        + f"""examples:
  - project: demo-project
    file: src/demo/shop.py
    ref: {sha}
    line: [1, 10, 42]
    highlight: [1, 8]
    code: |
      from demo import events


      class Shop:
          # ...
          def checkout(self, cart):
              # ...
              self.done = events.Signal()
              return total

  - project: demo-project
    file: src/demo/signals.py
    ref: {sha}
    line: [1, 9]
    highlight: [4, 10, 13]
    code: |
"""
        + "".join(f"      {line}\n" if line else "\n" for line in SIGNALS.splitlines())
        + f"""
  - project: demo-project
    file: tests/test_signals.py
    ref: {sha}
    line: 1
    symbol: test_send
    highlight: [1, 5]
    code: |
      from demo.events import Signal


      def test_send():
          signal = Signal()
          assert signal.send(None) == []
"""
    )
    load_site(site / "content")  # the build accepts every harvested example


def test_harvest_twice_adds_nothing_and_leaves_the_file_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert harvest(capsys, "--api", "demo.events.Signal")[0] == 0
    page = site / "content/apis/demo.events.Signal.yml"
    before = page.read_text()
    code, out, _ = harvest(capsys, "--api", "demo.events.Signal")
    assert code == 0
    assert out.endswith(
        "Added 0 examples to content/apis/demo.events.Signal.yml: 3 usages are already on "
        "the page.\n"
    )
    assert page.read_text() == before


def test_max_keeps_the_best_and_says_how_many_more(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = harvest(capsys, "--api", "demo.events.Signal", "--max", "1")
    assert code == 0
    assert out.splitlines()[0] == "example 1: src/demo/shop.py:42 (definition)"
    assert out.splitlines()[-1] == (
        "Added 1 example to content/apis/demo.events.Signal.yml; 2 more with --max 3."
    )
    code, out, _ = harvest(capsys, "--api", "demo.events.Signal", "--max", "1")
    assert out.splitlines()[0] == "example 2: src/demo/signals.py:10 (definition)"


RECEIVER_PAGE = "api: demo.events.receiver\nkind: function\nsummary: Connects a receiver.\n"


def test_a_small_file_is_quoted_whole(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "content/apis/demo.events.receiver.yml").write_text(RECEIVER_PAGE)
    code, out, _ = harvest(capsys, "--api", "demo.events.receiver")
    assert code == 0
    assert out.splitlines()[0] == "example 1: src/demo/handlers.py:8 (definition)"
    text = (site / "content/apis/demo.events.receiver.yml").read_text()
    quoted = "".join(f"      {line}\n" if line else "\n" for line in HANDLERS.splitlines())
    fields = "    line: 1\n    symbol: connect_all\n    highlight: [1, 8]\n"
    assert f"{fields}    code: |\n{quoted}\n" in text
    load_site(site / "content")


def test_keeps_the_import_of_every_name_the_use_line_reads(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content/apis/demo.events.receiver.yml").write_text(RECEIVER_PAGE)
    code, out, _ = harvest(capsys, "--api", "demo.events.receiver")
    assert code == 0
    assert out.splitlines()[1] == "example 2: src/demo/registry.py:25 (definition)"
    text = (site / "content/apis/demo.events.receiver.yml").read_text()
    assert text.endswith(
        f"""    file: src/demo/registry.py
    ref: {_head(site)}
    line: [4, 25]
    symbol: reset_cache
    highlight: [1, 4]
    code: |
      from demo.events import receiver
      from demo.settings import changed
      ## ... source file abbreviated to get to receiver examples ...
      @receiver(changed)
      def reset_cache(**kwargs):
          clear()

      ## ... source file continues ...
"""
    )
    load_site(site / "content")


def test_per_file_quotes_more_usages_of_one_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content/apis/demo.events.receiver.yml").write_text(RECEIVER_PAGE)
    code, out, _ = harvest(capsys, "--api", "demo.events.receiver", "--per-file", "2")
    assert code == 0
    assert "example 3: src/demo/registry.py:35 (definition)\n" in out
    text = (site / "content/apis/demo.events.receiver.yml").read_text()
    assert text.endswith(
        """    line: [4, 35]
    symbol: reset_limits
    highlight: [1, 4]
    code: |
      from demo.events import receiver
      from demo.settings import changed
      ## ... source file abbreviated to get to receiver examples ...
      @receiver(changed, sender="limits")
      def reset_limits(**kwargs):
          LIMITS.clear()
"""
    )
    load_site(site / "content")


def test_says_why_it_added_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "content/apis/demo.events.receiver.yml").write_text(RECEIVER_PAGE)
    assert harvest(capsys, "--api", "demo.events.receiver")[0] == 0
    # the best usage of registry.py changes upstream: new, but the file has its example
    changed = REGISTRY.replace("    clear()\n", "    clear()\n    warm(LIMITS)\n")
    commit(site / "clones" / "demo-project", {"src/demo/registry.py": changed})
    code, out, _ = harvest(capsys, "--api", "demo.events.receiver")
    assert (code, out.splitlines()[-1]) == (
        0,
        "Added 0 examples to content/apis/demo.events.receiver.yml: 1 usage is already on the "
        "page; 1 file already has 1 example on the page, one per file (--per-file 2 adds "
        "more).",
    )
    (site / "content/apis/demo.events.unused.yml").write_text(
        "api: demo.events.unused\nkind: function\nsummary: Never called.\n"
    )
    code, out, _ = harvest(capsys, "--api", "demo.events.unused")
    assert out.splitlines()[-1] == (
        "Added 0 examples to content/apis/demo.events.unused.yml: no uses found."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--api", "demo.events.Missing"],
            "content/apis/demo.events.Missing.yml does not exist; create it with "
            "`example-pages new api demo.events.Missing --kind class`\n",
        ),
        (
            ["--api", "demo.events.Signal", "--project", "nope"],
            "content/projects/nope.yml does not exist; create it with "
            "`example-pages new project nope --repo URL`\n",
        ),
        (
            ["--api", "demo.events.Signla"],
            "content/apis/demo.events.Signla.yml does not exist; did you mean --api "
            "demo.events.Signal? Or create it with "
            "`example-pages new api demo.events.Signla --kind class`\n",
        ),
        (
            ["--api", "demo.events.Signal", "--project", "demo-projcet"],
            "content/projects/demo-projcet.yml does not exist; did you mean --project "
            "demo-project? Or create it with `example-pages new project demo-projcet --repo URL`\n",
        ),
    ],
)
def test_missing_files_are_named_with_the_command_that_makes_them(
    site: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = harvest(capsys, *args)
    assert (code, out, err) == (1, "", message)


def test_a_folder_that_is_no_clone(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "empty").mkdir()
    capsys.readouterr()
    code = cli.main(
        ["harvest", "empty", "--api", "demo.events.Signal", "--project", "demo-project"]
    )
    assert code == 1
    assert capsys.readouterr().err == "empty is not a git clone; clone the repository there first\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_x.py", True),
        ("pkg/tests.py", True),
        ("src/pkg/testing/helpers.py", True),
        ("pkg/foo_test.py", True),
        ("conftest.py", True),
        ("src/pkg/contest.py", False),
        ("src/latest/views.py", False),
    ],
)
def test_test_paths(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def _head(site: Path) -> str:
    from tests.gitrepo import git

    return git(site / "clones/demo-project", "rev-parse", "HEAD").strip()


def test_appending_keeps_a_hand_written_page_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy_site(tmp_path / "site")
    monkeypatch.chdir(site)
    page = site / "content/apis/django.dispatch.Signal.yml"
    before = page.read_text()
    commit(
        site / "clones/demo-project",
        {"demo/hooks.py": "from django.dispatch import Signal\n\nhooked = Signal()\n"},
    )
    (site / "content/projects/demo-project.yml").write_text(PROJECT_FILE)
    code = cli.main(
        ["harvest", "clones/demo-project", "--api", "django.dispatch.Signal", "--project",
         "demo-project"]
    )  # fmt: skip
    assert code == 0
    after = page.read_text()
    assert after.startswith(before + "\n  - project: demo-project\n    file: demo/hooks.py\n")
    load_site(site / "content")


def test_pre_commit_hooks_run_real_commands(capsys: pytest.CaptureFixture[str]) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["example-pages-check", "example-pages-schema"]
    for hook in hooks:
        program, *args = hook["entry"].split()
        assert program == "example-pages"
        assert hook["pass_filenames"] is False
        with pytest.raises(SystemExit) as exit:
            cli.main([*args, "--help"])
        assert exit.value.code == 0
    capsys.readouterr()


def test_each_chunk_starts_at_its_line_and_verify_finds_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content/apis/demo.events.receiver.yml").write_text(RECEIVER_PAGE)
    assert harvest(capsys, "--api", "demo.events.receiver", "--per-file", "2")[0] == 0
    assert harvest(capsys, "--api", "demo.events.Signal")[0] == 0
    for page in ("demo.events.receiver", "demo.events.Signal"):
        data = yaml.safe_load((site / f"content/apis/{page}.yml").read_text())
        for example in data["examples"]:
            source = (site / "clones/demo-project" / example["file"]).read_text().splitlines()
            line = example["line"]
            starts = line if isinstance(line, list) else [line]
            firsts = [chunk[0] for _, chunk in chunks(snippet_lines(example["code"]))]
            assert [source[n - 1] for n in starts] == firsts
    assert cli.main(["verify", "--sources", "clones", "--strict"]) == 0


def test_finds_uses_through_the_libraries_and_the_pages_aliases(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content/apis/demo.web.changed.yml").write_text(
        "api: demo.web.changed\nkind: attribute\nsummary: Sent when a setting changes.\n"
        "aliases: [demo.settings.changed]\n"
    )
    code, out, _ = harvest(capsys, "--api", "demo.web.changed")
    assert (code, out.splitlines()[0]) == (0, "example 1: src/demo/registry.py:25 (definition)")
    (site / "content/libraries").mkdir()
    (site / "content/libraries/demo.yml").write_text(
        "name: Demo\nhomepage: https://example.com/demo\nsummary: A made-up library.\n"
        "aliases:\n  demo.util: demo.tools\n"
    )
    (site / "content/apis/demo.tools.helper.yml").write_text(
        "api: demo.tools.helper\nkind: function\nsummary: Helps.\n"
    )
    code, out, _ = harvest(capsys, "--api", "demo.tools.helper")
    assert (code, out.splitlines()[:2]) == (
        0,
        [
            "example 1: src/demo/registry.py:21 (definition)",
            "example 2: src/demo/handlers.py:6 (call)",
        ],
    )
    load_site(site / "content")


def test_a_clone_of_another_repository_is_not_credited_to_the_project(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site / "content/apis/demo.events.Signal.yml"
    set_origin(site / "clones/demo-project", "git@example.com:a-fork/demo.git")
    code, out, err = harvest(capsys, "--api", "demo.events.Signal")
    assert (code, out) == (1, "")
    assert err == (
        "content/projects/demo-project.yml:3:7: error: demo-project: the clone "
        "clones/demo-project is of git@example.com:a-fork/demo.git, not of "
        "https://example.com/demo (demo-project's `repo`); clone https://example.com/demo "
        "there, correct `repo` if the project moved (or `git -C clones/demo-project remote "
        "set-url origin https://example.com/demo` if only the address changed), or pass "
        "--allow-other-origin to use this clone knowingly\n"
    )
    assert page.read_text() == PAGE_HEAD
    code, out, err = harvest(capsys, "--api", "demo.events.Signal", "--allow-other-origin")
    assert code == 0
    assert err.startswith("content/projects/demo-project.yml:3:7: info: demo-project: the clone")
    assert out.endswith("Added 3 examples to content/apis/demo.events.Signal.yml.\n")


def test_a_clone_without_origin_is_harvested_with_a_warning(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(site / "clones/demo-project", "remote", "remove", "origin")
    code, out, err = harvest(capsys, "--api", "demo.events.Signal")
    assert code == 0
    assert err == (
        "content/projects/demo-project.yml:3:7: warning: demo-project: the clone "
        "clones/demo-project has no `origin` remote, so it cannot be told apart from a fork; "
        "set it with `git -C clones/demo-project remote add origin https://example.com/demo`\n"
    )
    assert out.endswith("Added 3 examples to content/apis/demo.events.Signal.yml.\n")
