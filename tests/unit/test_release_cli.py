"""`example-pages --version` and how `example-pages zensical` reads a Zensical config."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

from example_pages import cli
from example_pages.cli import zensical


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    expected = importlib.metadata.version("example-pages")
    assert capsys.readouterr().out == f"example-pages {expected}\n"


def test_the_folders_come_from_the_config_beside_it(tmp_path: Path) -> None:
    config = tmp_path / "site" / "zensical.toml"
    config.parent.mkdir()
    config.write_text(
        '[project]\ndocs_dir = "build/docs"\n[project.theme]\ncustom_dir = "build/overrides"\n'
    )
    assert zensical.folders(config) == (
        tmp_path / "site" / "build" / "docs",
        tmp_path / "site" / "build" / "overrides",
    )


def test_without_a_custom_dir_no_theme_is_written(tmp_path: Path) -> None:
    config = tmp_path / "zensical.toml"
    config.write_text('[project]\nsite_name = "x"\n')
    assert zensical.folders(config) == (tmp_path / "docs", None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[project\n", "not valid TOML: "),
        ("[project]\ndocs_dir = 3\n", "project.docs_dir must be a folder name"),
        ("[project.theme]\ncustom_dir = []\n", "project.theme.custom_dir must be a folder name"),
    ],
)
def test_a_bad_config_is_named(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "zensical.toml"
    config.write_text(text)
    with pytest.raises(ValueError, match="^" + re.escape(f"{config}: {message}")):
        zensical.folders(config)


def test_a_missing_config_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["zensical", "build"]) == 1
    assert capsys.readouterr().err == ("zensical.toml: cannot read it: No such file or directory\n")


def test_without_zensical_it_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    real = zensical.importlib.util.find_spec
    monkeypatch.setattr(
        zensical.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "zensical" else real(name, *a),
    )
    assert cli.main(["zensical", "serve"]) == 1
    assert capsys.readouterr().err == (
        'Zensical is not installed here: pip install "example-pages[zensical]"\n'
    )
