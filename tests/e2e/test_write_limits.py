"""Writes under a file-size limit: the message names the file, nothing half-written stays.

Each command runs in its own process with RLIMIT_FSIZE set and SIGXFSZ ignored, so an
over-long write fails with EFBIG as it would on a full disk, rather than killing the process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_site, file_tree

# Sets the limit, then runs the module named by the next argument as `python -m` would.
LIMITED = """
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = sys.argv[2:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def _run(cwd: Path, limit: int | None, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    prefix = [sys.executable, "-c", LIMITED, str(limit)] if limit else [sys.executable, "-m"]
    return subprocess.run(
        [*prefix, *command], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_new_project_over_a_size_limit_names_the_file_and_the_retry_works(
    tmp_path: Path,
) -> None:
    (tmp_path / "content" / "projects").mkdir(parents=True)
    command = ("example_pages", "new", "project", "orbit-tools")
    command += ("--repo", "https://github.com/someone/orbit-tools", "--license", "MIT")
    failed = _run(tmp_path, 64, *command)
    assert failed.returncode == 1
    assert failed.stderr == (
        "content/projects/orbit-tools.yml: cannot write the file: File too large\n"
    )
    assert list((tmp_path / "content" / "projects").iterdir()) == []  # nor a temporary file
    again = _run(tmp_path, None, *command)
    assert again.returncode == 0, again.stderr
    text = (tmp_path / "content" / "projects" / "orbit-tools.yml").read_text()
    assert "repo: https://github.com/someone/orbit-tools" in text


def test_mkdocs_build_over_a_size_limit_ends_in_one_line_naming_the_file(
    tmp_path: Path,
) -> None:
    project = copy_site(tmp_path / "site")
    assert _run(project, None, "mkdocs", "build").returncode == 0
    before = file_tree(project / "site")
    # every page of this site is smaller than this, Material's scripts are not
    failed = _run(project, 60_000, "mkdocs", "build")
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error")]
    site = (project / "site").as_posix()
    assert len(errors) == 1, output
    assert errors[0].startswith(f"Error: {site}/assets/"), output
    assert errors[0].endswith(": cannot write the file: File too large"), output
    # the previous site is back in place, and nothing is left beside it
    assert file_tree(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if "site" in p.name) == ["site"]


def test_a_strict_build_that_fails_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "site")
    assert _run(project, None, "mkdocs", "build", "--strict").returncode == 0
    before = file_tree(project / "site")
    (project / "content" / "notes.md").write_text("# Notes\n\nSee [the guide](missing.md).\n")
    failed = _run(project, None, "mkdocs", "build", "--strict")
    assert failed.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in failed.stdout + failed.stderr
    assert file_tree(project / "site") == before
    # and a build that succeeds replaces it, leaving nothing beside it
    assert _run(project, None, "mkdocs", "build").returncode == 0
    assert (project / "site" / "notes" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if "site" in p.name) == ["site"]
