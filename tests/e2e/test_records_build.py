"""A real build writes objects.inv and examples.json, and a real Sphinx build links to them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sphobjinv

from tests.conftest import copy_site, mkdocs_build


def test_build_writes_inventory_and_provenance_that_sphinx_links_to(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    inv = sphobjinv.Inventory(fname_zlib=str(site / "objects.inv"))
    signal = next(o for o in inv.objects if o.name == "django.dispatch.Signal")
    assert (signal.domain, signal.role) == ("py", "class")
    assert (site / signal.uri / "index.html").is_file()

    data = json.loads((site / "examples.json").read_text("utf-8"))
    examples = [e for e in data["examples"] if e["api"] == "django.dispatch.Signal"]
    assert [e["number"] for e in examples] == list(range(1, len(examples) + 1))
    assert len(examples) >= 6
    for example in examples:
        assert example["license"] and example["commit"] and len(example["commit"]) == 40
        assert f"/{example['commit']}/{example['path']}#L" in example["permalink"]
        page = (site / example["page"] / "index.html").read_text("utf-8")
        assert f'id="{example["anchor"]}"' in page

    docs = tmp_path / "apidocs"
    docs.mkdir()
    mapping = {"examples": ("https://examples.invalid/", str(site / "objects.inv"))}
    (docs / "conf.py").write_text(
        f"extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {mapping!r}\n"
    )
    (docs / "index.rst").write_text(
        "API\n===\n\nSee :py:class:`real-world examples <examples:django.dispatch.Signal>`.\n"
    )
    out = tmp_path / "apidocs-html"
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(docs), str(out)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    html = (out / "index.html").read_text("utf-8")
    assert 'href="https://examples.invalid/api/django.dispatch.Signal/"' in html
