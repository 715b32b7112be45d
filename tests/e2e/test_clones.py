"""Hostile clones: no network, no command from a clone's config, one problem per example."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from example_pages import cli
from example_pages.authoring.verify import find_clone
from example_pages.content.entries import ProjectEntry
from example_pages.content.models import Project
from tests.conftest import TESTS
from tests.e2e.test_harvest import SIGNALS, TEST_FILE
from tests.e2e.test_verify import PAGE, PROJECT
from tests.gitrepo import commit, git, set_origin

CASES = yaml.safe_load((TESTS / "cases" / "clones.yml").read_text("utf-8"))


def make_site(root: Path) -> str:
    """The content folder and the clone's origin under `root`; the pinned commit's SHA."""
    sha = commit(
        root / "origin", {"src/demo/signals.py": SIGNALS, "tests/test_signals.py": TEST_FILE}
    )
    (root / "content/projects").mkdir(parents=True)
    (root / "content/apis").mkdir()
    (root / "content/projects/demo-project.yml").write_text(PROJECT)
    (root / "content/apis/demo.events.Signal.yml").write_text(PAGE.format(sha=sha))
    (root / "clones").mkdir()
    return sha


def setup_clone(root: Path, how: str, sha: str) -> Path:
    """Prepare clones/demo-project; return a file that must not exist afterwards."""
    clone, marker = root / "clones/demo-project", root / "command-ran"
    if how.startswith("partial"):
        git(root / "origin", "config", "uploadpack.allowFilter", "true")
        git(
            root,
            "clone",
            "-q",
            "--filter=blob:none",
            "--no-checkout",
            f"file://{root}/origin",
            str(clone),
        )
        # a fetch would run this command; the hardened git never fetches
        git(clone, "config", "remote.origin.uploadpack", f"touch {marker}; git-upload-pack")
        git(clone, "config", "core.fsmonitor", f"touch {marker}; echo")
        git(clone, "config", "core.pager", f"touch {marker}; cat")
        if how == "partial-gone":
            shutil.rmtree(root / "origin")
    elif how == "corrupt":
        shutil.copytree(root / "origin", clone)
        blob = git(clone, "rev-parse", f"{sha}:src/demo/signals.py").strip()
        loose = clone / ".git/objects" / blob[:2] / blob[2:]
        loose.chmod(0o644)
        # a valid header, then a body cut short: git starts the object, then stops
        data = zlib.decompress(loose.read_bytes())
        loose.write_bytes(zlib.compress(data)[:-8])
        set_origin(clone, "https://example.com/demo/demo-project")
    elif how == "empty":
        git(root, "init", "-q", str(clone))
    else:
        shutil.copytree(root / "origin", clone)
        origin = {
            "fork": "https://example.com/someone-else/demo-project.git",
            "fork-with-token": "https://someone:secret-token@example.com/someone-else/demo-project",
            "same-over-ssh": "git@EXAMPLE.com:demo/demo-project.git/",
            "signed": "https://example.com/demo/demo-project",
        }.get(how)
        if origin is not None:
            set_origin(clone, origin)
        if how == "signed":
            # a HEAD commit with a signature, and a config that would check it with a command
            tree = git(clone, "rev-parse", "HEAD^{tree}").strip()
            raw = root / "commit.txt"
            raw.write_text(
                f"tree {tree}\nparent {sha}\n"
                "author A <a@example.com> 1704110400 +0000\n"
                "committer A <a@example.com> 1704110400 +0000\n"
                "gpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----\n\nSigned.\n"
            )
            signed = git(clone, "hash-object", "-t", "commit", "-w", str(raw)).strip()
            git(clone, "update-ref", "HEAD", signed)
            script = root / "gpg.sh"
            script.write_text(f"#!/bin/sh\ntouch {marker}\n")
            script.chmod(0o755)
            git(clone, "config", "log.showSignature", "true")
            git(clone, "config", "gpg.program", str(script))
        if how == "include":
            (root / "elsewhere.cfg").write_text(
                '[remote "origin"]\n\turl = https://example.com/demo/demo-project\n'
            )
            git(clone, "config", "include.path", str(root / "elsewhere.cfg"))
    return marker


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_verify_against_a_hostile_clone(
    case: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    sha = make_site(tmp_path)
    marker = setup_clone(tmp_path, case["setup"], sha)
    capsys.readouterr()
    code = cli.main(["verify", "--sources", "clones", *case.get("args", [])])
    out = capsys.readouterr().out.splitlines()
    expect = [
        line.replace("{sha}", sha).replace("{root}", str(tmp_path)) for line in case["expect"]
    ]
    assert out == expect
    # the summary's parts are a partition of the examples
    checked = next(line for line in out if line.startswith("Checked "))
    total, _, parts = checked.partition(": ")
    counts = [int(part.split()[0]) for part in parts.replace(";", ",").split(", ")]
    assert sum(counts) == int(total.split()[1])
    assert code == case["code"]
    assert not marker.exists()


def test_a_repository_address_never_leaves_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The folder above --sources is itself a clone holding the made-up snippet.
    monkeypatch.chdir(tmp_path)
    sha = make_site(tmp_path)
    git(tmp_path, "init", "-q")
    project = tmp_path / "content/projects/demo-project.yml"
    project.write_text(PROJECT.replace("demo/demo-project", "demo/.."))
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/projects/demo-project.yml:2:7: 'repo': 'https://example.com/demo/..' has a '.' "
        "or '..' folder in its path; write the address as the site shows it, such as "
        "https://github.com/owner/name",
        "Aborted with 1 content error.",
    ]
    # and were such an address to reach verify, the folder above is never looked at
    model = Project.model_construct(repo="https://example.com/demo/..")
    entry = ProjectEntry("demo-project", model, None)  # type: ignore[arg-type]
    assert find_clone(tmp_path / "clones", entry) is None
    assert find_clone(tmp_path / "content", entry) is None
    del sha


def test_harvest_skips_unquotable_and_pathological_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    deep = "from demo.events import Signal\nx = " + "-" * 100_000 + "Signal\n"
    sha = commit(
        tmp_path / "clones/demo-project",
        {
            "src/demo/signals.py": SIGNALS,
            "src/demo/a\n::error file=x::forged.py": SIGNALS,
            'src/demo/q"uote.py': SIGNALS,
            "src/demo/deep.py": deep,
        },
    )
    (tmp_path / "content/projects").mkdir(parents=True)
    (tmp_path / "content/apis").mkdir()
    (tmp_path / "content/projects/demo-project.yml").write_text(PROJECT)
    page = "api: demo.events.Signal\nkind: class\nsummary: A signal.\n"
    (tmp_path / "content/apis/demo.events.Signal.yml").write_text(page)
    capsys.readouterr()
    code = cli.main(
        [
            "harvest",
            "clones/demo-project",
            "--project",
            "demo-project",
            "--api",
            "demo.events.Signal",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [
        "example 1: src/demo/signals.py:10 (definition)",
        f"Scanned 4 Python files at {sha[:12]}: 1 file uses demo.events.Signal; skipped 1 file "
        "that did not parse (src/demo/deep.py); skipped 2 files whose path an example cannot "
        "name (a line break, quote or control character in it).",
        "Added 1 example to content/apis/demo.events.Signal.yml.",
    ]
    assert cli.main(["check"]) == 0
