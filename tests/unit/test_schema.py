"""Editor schemas: generated from the models, in sync, referenced by every content file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from example_pages import cli
from example_pages.content import schema
from tests.conftest import ROOT, STARTER_CONTENT

KINDS = {"projects": "project", "apis": "api", "libraries": "library"}
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def validator(kind: str) -> Draft202012Validator:
    data = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    Draft202012Validator.check_schema(data)
    return Draft202012Validator(data)


def content_files() -> list[tuple[Path, str]]:
    return [
        (path, kind)
        for folder, kind in KINDS.items()
        for path in sorted((STARTER_CONTENT / folder).glob("*.yml"))
    ]


def test_the_committed_schemas_match_the_models() -> None:
    assert schema.stale(schema.DEFAULT_DIR) == [], "run `python -m example_pages.cli.schema`"


def test_schema_check_fails_on_drift_and_schema_rewrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schemas"
    assert cli.main(["schema", "--dir", str(target)]) == 0
    assert capsys.readouterr().out == f"Wrote 5 schemas to {target.as_posix()}/.\n"
    assert sorted(p.name for p in target.iterdir()) == [
        "api.schema.json",
        "examples.schema.json",
        "freshness.schema.json",
        "library.schema.json",
        "project.schema.json",
    ]
    assert cli.main(["schema", "--dir", str(target), "--check"]) == 0
    api = target / "api.schema.json"
    api.write_text(api.read_text().replace('"examples"', '"samples"'))
    assert cli.main(["schema", "--dir", str(target), "--check"]) == 1
    assert capsys.readouterr().err == (
        f"Out of date: api.schema.json; run `example-pages schema --dir {target.as_posix()}` "
        "to rewrite.\n"
    )


@pytest.mark.parametrize(("path", "kind"), content_files(), ids=lambda v: getattr(v, "name", v))
def test_every_content_file_names_its_schema_and_passes_it(path: Path, kind: str) -> None:
    text = path.read_text()
    match = SCHEMA_LINE.match(text)
    assert match, f"{path.name} must start with a yaml-language-server $schema line"
    # `init` writes schemas/ beside content/
    assert match.group(1) == f"../../schemas/{kind}.schema.json"
    errors = [e.message for e in validator(kind).iter_errors(yaml.safe_load(text))]
    assert errors == []


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "project",
            {"name": "x", "repo": "https://e.com", "license": "MIT", "description": "d",
             "licence": "MIT"},
            "Additional properties are not allowed ('licence' was unexpected)",
        ),
        (
            "api",
            {"api": "demo.Thing", "kind": "klass", "summary": "s"},
            "'klass' is not one of ['class', 'function', 'callable', 'constant', 'module', "
            "'attribute']",
        ),
        (
            "api",
            {"api": "demo.Thing", "kind": "class", "summary": "s",
             "examples": [{"project": "demo", "file": "a.py", "code": "x"}]},
            "'ref' is a required property",
        ),
        (
            "project",
            {"name": "x", "repo": "ftp://e.com", "license": "MIT", "description": "d"},
            "'ftp://e.com' does not match '^https?://'",
        ),
    ],
)  # fmt: skip
def test_editors_flag_the_mistakes_the_build_refuses(
    kind: str, data: dict[str, object], message: str
) -> None:
    assert [e.message for e in validator(kind).iter_errors(data)] == [message]


def test_scaffolded_files_point_at_the_schemas_and_pass_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["schema"]) == 0
    new_project = ["new", "project", "demo", "--repo", "https://e.com/d", "--license", "MIT"]
    assert cli.main(new_project) == 0
    assert cli.main(["new", "api", "demo.Thing", "--kind", "function"]) == 0
    for path, kind in (
        (tmp_path / "content/projects/demo.yml", "project"),
        (tmp_path / "content/apis/demo.Thing.yml", "api"),
    ):
        text = path.read_text()
        match = SCHEMA_LINE.match(text)
        assert match and match.group(1) == f"../../schemas/{kind}.schema.json"
        assert (path.parent / match.group(1)).is_file()
        assert [e.message for e in validator(kind).iter_errors(yaml.safe_load(text))] == []
