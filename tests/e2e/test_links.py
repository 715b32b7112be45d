"""Dead links fail `mkdocs build --strict`, with or without -q, built fresh or from the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site, mkdocs_build, plugin_options

SIGNAL = Path("content/apis/django.dispatch.Signal.yml")


def loud_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` without -q, which counts MkDocs' own warnings."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


def add_to_summary(path: Path, text: str, lines: list[str] | None = None) -> tuple[int, list[str]]:
    """Append `text` to the first line of the summary in `path` (or in `lines`, its lines
    as last written); the line's index and the lines written."""
    lines = lines or path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    lines[at] += text
    path.write_text("\n".join(lines) + "\n")
    return at, lines


def test_a_dead_link_in_a_summary_stops_a_quiet_strict_build(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "p")
    at, lines = add_to_summary(project / SIGNAL, " See [the guide](no-such-page.md).")
    col = len(lines[at]) - len("no-such-page.md).") + 1
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        f"{SIGNAL.as_posix()}:{at + 1}:{col}: 'summary': the link 'no-such-page.md' leads to "
        "'api/no-such-page.md', which is not a page or file of the site;" in result.stderr
    )
    assert "Aborted with 1 content error." in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_quiet_build_fills_the_cache_with_the_warnings_it_did_not_show(
    tmp_path: Path, workers: int
) -> None:
    project = copy_site(tmp_path / "p")
    plugin_options(project, f"workers: {workers}")
    # a link the templates make (no content field holds it), and one on a hand-written page
    (project / "templates").mkdir()
    template = (ROOT / "templates" / "api.md.j2").read_text()
    summary = "{{ api.model.summary }}"
    (project / "templates" / "api.md.j2").write_text(
        template.replace(summary, summary + " [Guide](../guide.md)", 1)
    )
    (project / "content" / "about.md").write_text("# About\n\nSee [the API](api/nope.md).\n")
    quiet = mkdocs_build(project, tmp_path / "site")
    # MkDocs' own -q: its warnings are neither shown nor counted
    assert quiet.returncode == 0, quiet.stderr
    for _ in range(2):  # from the entries the quiet build stored, then from this build's
        loud = loud_build(project, tmp_path / "site")
        assert loud.returncode == 1
        assert (
            "Doc file 'api/django.dispatch.Signal.md' contains a link '../guide.md', but the "
            "target 'guide.md' is not found among documentation files." in loud.stderr
        )
        assert "Doc file 'about.md' contains a link 'api/nope.md'" in loud.stderr
        assert "Aborted with 2 warnings in strict mode!" in loud.stdout + loud.stderr, loud.stdout


def test_the_links_the_check_takes_mkdocs_takes_too(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "p")
    (project / "content" / "guide.md").write_text("# The Guide\n\n## Setting up {#setup}\n")
    links = [
        "#example-1",
        "#djangodispatch-signal-example-code",
        "django.dispatch.Signal.md#example-2",
        "../projects/viewflow.md#examples",
        "../projects/index.md#projects",
        "../libraries/django/index.md",
        "../index.md",
        "../guide.md#setup",
        "../guide.md#the-guide",
    ]
    path = project / SIGNAL
    text = path.read_text()
    assert text.count("summary: >-\n") == 1
    written = " ".join(f"[link {n}]({link})" for n, link in enumerate(links))
    path.write_text(text.replace("summary: >-\n", f"summary: >-\n  {written}\n", 1))
    checked = subprocess.run(
        [sys.executable, "-m", "example_pages", "check", "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    built = loud_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    html = (tmp_path / "site" / "api" / "django.dispatch.Signal" / "index.html").read_text()
    assert 'href="../../guide/#setup"' in html


def test_a_link_to_a_page_another_plugin_adds_is_not_dead(tmp_path: Path) -> None:
    """Pages made by hooks or plugins (mkdocs-gen-files, an API reference) are linkable; a
    link to a page nobody adds still fails, and the previous site stays."""
    project = copy_site(tmp_path / "p")
    (project / "hooks.py").write_text(
        "from mkdocs.structure.files import File\n\n\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'reference/made.md', content='# Made\\n'))\n"
        "    return files\n"
    )
    with (project / "mkdocs.yml").open("a") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    path = project / SIGNAL
    _, lines = add_to_summary(path, " See [the reference](../reference/made.md).")
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    assert (
        'href="../../reference/made/"'
        in (site / "api/django.dispatch.Signal/index.html").read_text()
    )
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    add_to_summary(path, " And [another](../reference/unmade.md).", lines)
    failed = mkdocs_build(project, site)
    assert failed.returncode == 1
    assert (
        "'summary': the link '../reference/unmade.md' leads to 'reference/unmade.md', which is "
        "not a page or file of the site;" in failed.stderr
    )
    assert "the link '../reference/made.md'" not in failed.stderr
    assert "Aborted with 1 content error." in failed.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
