"""What a user installs: the wheel with its Zensical extra, in a fresh virtual environment, used
outside any checkout, following the README that `init` writes."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, STARTER_CONTENT
from tests.e2e.serving import free_port
from tests.e2e.test_overrides import assert_signal_page

BIN = "Scripts" if os.name == "nt" else "bin"


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment(), timeout=600
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        out,
    )
    assert result.returncode == 0, result.stderr
    [built] = out.glob("example_pages-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel, its Zensical extra and their dependencies (from the
    pip cache or the index): what `pip install "example-pages[zensical]"` gives a user."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    assert run([sys.executable, "-m", "venv", str(where)], where.parent).returncode == 0
    pip = [str(where / BIN / "python"), "-m", "pip", "install", "-q"]
    result = run([*pip, "--disable-pip-version-check", f"{wheel}[zensical]"], where.parent)
    assert result.returncode == 0, result.stderr
    return where / BIN


def test_the_wheel_carries_every_file_a_site_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in (
        ("generator", "example_pages"),
        ("templates", "example_pages/templates"),
        ("overrides", "example_pages/theme"),
        ("schemas", "example_pages/schemas"),
        # the starter's content is the repository's content/, not a copy of it
        ("content", "example_pages/starter/content"),
    ):
        tracked = subprocess.run(
            ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        assert tracked, folder
        for path in tracked:
            rel = Path(path).relative_to(folder)
            if folder == "content" and len(rel.parts) == 1 and rel.suffix != ".md":
                continue  # a record of the repository's own site, such as freshness.yml
            assert f"{package}/{rel.as_posix()}" in names, path
    starter = {n for n in names if n.startswith("example_pages/starter/content/")}
    assert "example_pages/starter/content/freshness.yml" not in starter
    assert not any("/__" in name for name in starter)


def test_commands_run_outside_any_checkout(venv: Path, tmp_path: Path) -> None:
    for command in (["--help"], ["import", "fsp", "--help"], ["init", "--help"]):
        result = run([str(venv / "example-pages"), *command], tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: example-pages"), result.stdout
    version = run([str(venv / "example-pages"), "--version"], tmp_path)
    assert re.fullmatch(r"example-pages \d+\.\d+\.\d+\S*\n", version.stdout), version.stdout


def test_init_from_a_local_wheel_warns_that_ci_cannot_install_it(
    venv: Path, tmp_path: Path
) -> None:
    result = run([str(venv / "example-pages"), "init", "mysite"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ")
    site = tmp_path / "mysite"
    assert {".gitignore", ".github", "README.md", "mkdocs.yml", "content", "schemas"} <= {
        p.name for p in site.iterdir()
    }
    line = (site / "requirements.txt").read_text(encoding="utf-8")
    assert re.fullmatch(r"example-pages>=0\.\d+,<0\.\d+\n|example-pages>=\d+\.\d+,<\d+\n", line)
    [warning, advice] = result.stderr.splitlines()
    assert warning.startswith("warning: example-pages ")
    assert "example_pages-" in warning  # the local wheel's path
    assert "a path on this machine that CI cannot install from" in warning
    assert f"asks for `{line.strip()}`" in warning
    assert "run init again" in advice
    origin = json.loads(
        run(
            [str(venv / "python"), "-c", "import importlib.metadata as m;"
             "print(m.distribution('example-pages').read_text('direct_url.json'))"],
            tmp_path,
        ).stdout
    )  # fmt: skip
    assert origin["url"].startswith("file://") and "archive_info" in origin
    again = run([str(venv / "example-pages"), "init", "mysite"], tmp_path)
    assert again.returncode == 1
    assert "init never overwrites a file" in again.stderr


def readme_commands(site: Path) -> list[list[str]]:
    """The commands in the code blocks of the site's README, in order, comments dropped."""
    text = (site / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if line.split("#")[0].strip():
                commands.append(shlex.split(line.split("#")[0]))
    return commands


def preview(command: list[str], site: Path, page: str) -> str:
    """Run a `serve` command on a free port until `page` is served; return that page's HTML."""
    port = free_port()
    log = site / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"],
            cwd=site,
            env=environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            try:
                url = f"http://127.0.0.1:{port}/{page}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    return str(response.read().decode("utf-8"))
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_the_site_readme_works_as_written(venv: Path, tmp_path: Path) -> None:
    """Every command of the README `init` writes, MkDocs and Zensical alike, with only the
    wheel and its zensical extra installed."""
    run([str(venv / "example-pages"), "init", "mysite"], tmp_path)
    site = tmp_path / "mysite"
    commands = readme_commands(site)
    assert [c[:2] for c in commands] == [
        ["mkdocs", "serve"],
        ["example-pages", "check"],
        ["mkdocs", "build"],
        ["example-pages", "zensical"],
        ["example-pages", "zensical"],
    ]
    api = sorted(p.stem for p in (site / "content" / "apis").glob("*.yml"))
    assert api, "the starter has API pages"
    for name, *args in commands:
        command = [str(venv / name), *args]
        if "serve" in args:
            html = preview(command, site, f"api/{api[0]}/")
            assert "example-pages.css" in html, name
            continue
        result = run(command, site)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    for built in (site / "site", site / "build" / "site"):
        for page in api:
            html = (built / "api" / page / "index.html").read_text(encoding="utf-8")
            assert "xp-about" in html  # the packaged about panel
            assert "example-pages.css" in html


def test_a_folder_with_only_mkdocs_yml_and_yaml_builds(venv: Path, tmp_path: Path) -> None:
    site = tmp_path / "minimal"
    (site / "docs").mkdir(parents=True)
    for folder in ("apis", "projects"):
        shutil.copytree(STARTER_CONTENT / folder, site / "docs" / folder)
    (site / "mkdocs.yml").write_text(
        "site_name: Minimal\ntheme: material\nplugins: [search, example-pages]\n"
    )
    result = run([str(venv / "mkdocs"), "build", "--strict"], site)
    assert result.returncode == 0, result.stderr
    assert_signal_page(
        (site / "site" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    )
