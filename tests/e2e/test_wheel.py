"""What a user installs: the wheel, in a fresh virtual environment, used outside any checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.test_overrides import assert_signal_page


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


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
    """A fresh venv with only the wheel and its dependencies (from the pip cache or PyPI)."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    assert run([sys.executable, "-m", "venv", str(where)], where.parent).returncode == 0
    pip = [str(where / "bin" / "python"), "-m", "pip", "install", "-q"]
    result = run([*pip, "--disable-pip-version-check", str(wheel)], where.parent)
    assert result.returncode == 0, result.stderr
    return where / "bin"


def test_the_wheel_carries_every_file_a_site_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in (
        ("generator", "example_pages"),
        ("templates", "example_pages/templates"),
        ("overrides", "example_pages/theme"),
        ("schemas", "example_pages/schemas"),
    ):
        tracked = subprocess.run(
            ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        assert tracked, folder
        for path in tracked:
            assert f"{package}/{Path(path).relative_to(folder).as_posix()}" in names, path


def test_commands_run_outside_any_checkout(venv: Path, tmp_path: Path) -> None:
    for command in (["--help"], ["import", "fsp", "--help"], ["init", "--help"]):
        result = run([str(venv / "example-pages"), *command], tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: example-pages"), result.stdout


def test_init_then_build_works_at_once(venv: Path, tmp_path: Path) -> None:
    result = run([str(venv / "example-pages"), "init", "mysite"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ")
    site = tmp_path / "mysite"
    assert {".gitignore", ".github", "README.md", "mkdocs.yml", "content", "schemas"} <= {
        p.name for p in site.iterdir()
    }
    assert run([str(venv / "example-pages"), "check"], site).returncode == 0
    result = run([str(venv / "mkdocs"), "build", "--strict"], site)
    assert result.returncode == 0, result.stderr
    html = (site / "site" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    assert_signal_page(html)
    assert "xp-about" in html  # the packaged about panel
    again = run([str(venv / "example-pages"), "init", "mysite"], tmp_path)
    assert again.returncode == 1
    assert "init never overwrites a file" in again.stderr


def test_a_folder_with_only_mkdocs_yml_and_yaml_builds(venv: Path, tmp_path: Path) -> None:
    run([str(venv / "example-pages"), "init", "seed"], tmp_path)
    site = tmp_path / "minimal"
    (site / "docs").mkdir(parents=True)
    for folder in ("apis", "projects"):
        (tmp_path / "seed" / "content" / folder).rename(site / "docs" / folder)
    (site / "mkdocs.yml").write_text(
        "site_name: Minimal\ntheme: material\nplugins: [search, example-pages]\n"
    )
    result = run([str(venv / "mkdocs"), "build", "--strict"], site)
    assert result.returncode == 0, result.stderr
    assert_signal_page(
        (site / "site" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    )
