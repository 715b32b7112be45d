"""`speedups: false` builds the same bytes as the default build, which uses every speedup."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from tests.conftest import copy_site, file_tree, plugin_options, verbose_build

# Enough pages for the build to fork workers and split the theme's rendering (40 and up).
PAGES = 48


def _site(tmp_path: Path, shape: str) -> Path:
    project = copy_site(tmp_path / "project")
    if shape != "starter":
        generate(project / "content", PAGES, shape=shape)
    return project


def _build(project: Path, site: Path) -> str:
    done = verbose_build(project, site)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize("shape", ["starter", "fsp", "long"])
def test_a_build_without_speedups_is_byte_identical(tmp_path: Path, shape: str) -> None:
    project = _site(tmp_path, shape)
    logged = _build(project, tmp_path / "on")
    assert "speedups:" not in logged  # every adapter passed its checks
    assert "code blocks: 0 highlighted" not in logged
    if shape != "starter":
        assert "pages rendered by a forked process" in logged
        assert "by workers" in logged
    warm = _build(project, tmp_path / "warm")  # the cache the first build filled
    assert "from the cache" in warm
    plugin_options(project, "speedups: false")
    logged = _build(project, tmp_path / "off")
    assert "code blocks: 0 highlighted (0 of them by workers), 0 from the cache" in logged
    assert "forked process" not in logged
    assert "speedups:" not in logged  # off by request: nothing to say
    off = file_tree(tmp_path / "off")
    assert file_tree(tmp_path / "on") == off
    assert file_tree(tmp_path / "warm") == off
