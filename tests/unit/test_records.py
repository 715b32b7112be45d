"""objects.inv and examples.json: read back by the tools that consume them."""

from __future__ import annotations

import io
import json
import shutil
import zlib
from pathlib import Path

import pytest
import sphobjinv
from jsonschema import Draft202012Validator
from sphinx.util.inventory import InventoryFile

from example_pages.content.entries import Site
from example_pages.content.load import load_site
from example_pages.render.forges import blob_url
from example_pages.render.inventory import inventory, page_url
from example_pages.render.provenance import Records, examples_json, site_records
from tests.conftest import ROOT, STARTER_CONTENT, TESTS
from tests.unit.test_freshness import ENTRY
from tests.unit.test_freshness import write as write_record

DEMO = TESTS / "golden" / "site" / "demo" / "content"


@pytest.fixture(scope="module")
def demo() -> Site:
    return load_site(DEMO, root=ROOT)


def test_inventory_loads_in_sphobjinv_with_one_entry_per_api(demo: Site) -> None:
    inv = sphobjinv.Inventory(zlib=inventory(demo, project="Demo site"))
    assert inv.project == "Demo site"
    py = {(o.name, o.role, o.uri) for o in inv.objects if o.domain == "py"}
    assert py == {
        ("demo.core", "module", "api/demo.core/"),
        ("demo.core.Widget", "class", "api/demo.core.Widget/"),
        ("demo.core.make_widget", "function", "api/demo.core.make_widget/"),
        ("demo.extras.Gadget", "class", "api/demo.extras.Gadget/"),
        ("other.thing", "function", "api/other.thing/"),
    }
    docs = {o.name: (o.uri, o.dispname) for o in inv.objects if o.domain == "std"}
    assert docs["index"] == ("", "Home")
    assert docs["libraries/demo/index"] == ("libraries/demo/", "Demo")
    assert docs["projects/index"][0] == "projects/"
    assert {"projects/demo-project", "projects/sample-app", "projects/unused"} <= set(docs)


def test_inventory_loads_in_sphinx_intersphinx_reader(demo: Site) -> None:
    data = inventory(demo, project="Demo site", directory_urls=False)
    base = "https://examples.invalid/"
    loaded = InventoryFile.load(io.BytesIO(data), base, lambda a, b: a + b)
    items = loaded.data if hasattr(loaded, "data") else loaded  # Sphinx 8.2+: an object
    entry = items["py:class"]["demo.core.Widget"]
    uri = entry.uri if hasattr(entry, "uri") else entry[2]
    assert uri == base + "api/demo.core.Widget.html"


def test_inventory_is_the_same_for_the_same_content(demo: Site) -> None:
    again = load_site(DEMO, root=ROOT)
    assert inventory(demo, project="x") == inventory(again, project="x")
    body = zlib.decompress(inventory(demo, project="x").split(b"zlib.\n", 1)[1]).decode()
    names = [line.split(" ", 2)[:2] for line in body.splitlines()]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("src_uri", "directory", "expected"),
    [
        ("index.md", True, ""),
        ("api/a.b.md", True, "api/a.b/"),
        ("api/a.b.md", False, "api/a.b.html"),
        ("libraries/x/index.md", False, "libraries/x/"),
    ],
)
def test_page_url_follows_mkdocs(src_uri: str, directory: bool, expected: str) -> None:
    assert page_url(src_uri, directory_urls=directory) == expected


def test_examples_json_matches_its_schema_and_names_every_example(demo: Site) -> None:
    data = json.loads(examples_json(demo, site_url="https://examples.invalid/"))
    schema = json.loads((ROOT / "schemas" / "examples.schema.json").read_text())
    Draft202012Validator(schema).validate(data)
    listed = [(e["api"], e["number"]) for e in data["examples"]]
    assert listed == sorted(listed)
    assert len(listed) == sum(len(api.examples) for api in demo.apis)
    widget = next(e for e in data["examples"] if e["api"] == "demo.core.Widget")
    assert widget["commit"] == "0123456789abcdef0123456789abcdef01234567"
    assert widget["permalink"].startswith(widget["repository"].removesuffix(".git"))
    assert widget["permalink"].endswith(
        f"/blob/{widget['commit']}/{widget['path']}"
        f"#L{widget['lines']['start']}-L{widget['lines']['end']}"
    )
    assert widget["url"] == "api/demo.core.Widget/#example-1"
    by_branch = next(e for e in data["examples"] if e["ref"] == "v1.0")
    assert by_branch["commit"] is None and by_branch["permalink"] is None
    assert "/blob/v1.0/" in by_branch["source"]


def test_examples_json_is_the_whole_file_dumped_one_field_a_line(demo: Site) -> None:
    text = examples_json(demo, site_url="https://example.org/docs/")
    data = json.loads(text)
    assert len(data["examples"]) > 1
    assert text == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    empty = Site(root=demo.root, apis=[], projects={}, libraries={}, warnings=[])
    text = examples_json(empty)
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True) + "\n"


def test_a_rebuild_makes_again_only_the_records_whose_models_changed(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(STARTER_CONTENT, content)
    records = Records()
    first = load_site(content, root=tmp_path)
    before = examples_json(first, records=records)
    # the same models (as a serve rebuild's unchanged files): the same text, made once
    assert examples_json(first, records=records) == before
    # a changed example: its record follows it, whatever was kept
    api = content / "apis" / "django.dispatch.Signal.yml"
    api.write_text(api.read_text().replace("ref: ", "ref: v9.9.9-", 1))
    second = load_site(content, root=tmp_path)
    after = examples_json(second, records=records)
    assert after == examples_json(second)
    assert after != before and "v9.9.9-" in after


def test_site_records_are_bytes_at_the_site_root(demo: Site) -> None:
    records = site_records(demo, project="Demo", site_url=None, directory_urls=True)
    assert set(records) == {"objects.inv", "examples.json"}
    assert records["objects.inv"].startswith(b"# Sphinx inventory version 2\n")
    assert zlib.decompress(records["objects.inv"].split(b"zlib.\n", 1)[1])


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        ("https://github.com/o/r", "https://github.com/o/r/blob/{sha}/a/b.py#L3-L9"),
        ("https://gitlab.com/g/s/r.git", "https://gitlab.com/g/s/r/-/blob/{sha}/a/b.py#L3-9"),
        ("https://bitbucket.org/o/r", "https://bitbucket.org/o/r/src/{sha}/a/b.py#lines-3:9"),
        ("https://codeberg.org/o/r", "https://codeberg.org/o/r/src/commit/{sha}/a/b.py#L3-L9"),
    ],
)
def test_permalink_shape_of_each_forge(repo: str, expected: str) -> None:
    sha = "ab" * 20
    assert blob_url(repo, sha, "a/b.py", 3, 9) == expected.format(sha=sha)


def test_the_freshness_page_is_a_document_only_with_a_record(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(STARTER_CONTENT, content)

    def names(site: Site) -> set[str]:
        return {o.name for o in sphobjinv.Inventory(zlib=inventory(site, project="x")).objects}

    assert "freshness" not in names(load_site(content, root=tmp_path))
    write_record(content, ENTRY)
    assert "freshness" in names(load_site(content, root=tmp_path))
