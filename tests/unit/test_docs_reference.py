"""The documentation's reference pages list every subcommand, option, plugin option, content
field and tested message, compared with the parser, the config class and the schemas."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

import pytest
import yaml

from example_pages.cli import make_parser
from example_pages.content.schema import schema_texts
from example_pages.engine.plugin import PluginConfig
from tests.conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "docs_reference", ROOT / "docs/hooks/reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = _load()


def _sections(page: str) -> dict[str, str]:
    """Level-2 headings of a page, each with its text up to the next one."""
    found = {}
    for part in page.split("\n## ")[1:]:
        title, _, body = part.partition("\n")
        found[title] = body
    return found


def test_every_subcommand_and_option_is_listed():
    sections = _sections(reference.cli_page())
    listed = 0
    root = make_parser()
    for path, parser in [((), root), *reference.commands(root)]:
        body = sections.pop(" ".join(["example-pages", *path]))
        for action in parser.arguments:
            if action.dest == "help":
                continue
            for name in action.option_strings or [action.metavar or action.dest]:
                assert f"| `{name}`" in body or f", `{name}`" in body, (path, name)
                listed += 1
            if action.help:
                assert " ".join(action.help.split()) in body
    assert not sections, f"listed but not in the parser: {sorted(sections)}"
    # the walk itself sees the nested commands and the lazily imported ones
    assert {"check", "build", "init", "verify", "pin", "harvest", "schema"} <= set(
        make_parser().subcommands
    )
    assert set(make_parser().subcommands["new"].subcommands) == {"project", "api"}
    assert listed > 30


def test_every_plugin_option_is_listed_with_its_default_and_help():
    page = reference.options_page()
    rows = {
        line.split(" | ")[0].strip("|` "): line
        for line in page.splitlines()
        if line.startswith("| `")
    }
    options = dict(PluginConfig())
    assert set(rows) == set(options)
    documented = {name: doc for name, _, doc in reference.plugin_options(
        reference.PLUGIN_SOURCE.read_text(encoding="utf-8"))}  # fmt: skip
    for name, default in options.items():
        assert documented[name], f"{name} has no docstring in PluginConfig"
        assert reference.cell(documented[name]) in rows[name]
        if default is not None:
            assert json.dumps(default) in rows[name]


def test_every_content_field_is_listed():
    sections = _sections(reference.fields_page())
    for file_name, text in schema_texts().items():
        schema = json.loads(text)
        name = file_name.removesuffix(".schema.json")
        body = sections[reference.section_title(name)]
        for model in [schema, *schema.get("$defs", {}).values()]:
            for field, prop in model.get("properties", {}).items():
                row = next((r for r in body.splitlines() if r.startswith(f"| `{field}` |")), None)
                assert row is not None, (name, field)
                required = "yes" if field in model.get("required", ()) else "no"
                assert f" | {required} | " in row, (name, field)
                assert reference.cell(prop.get("description", "")) in row


def test_every_tested_message_is_listed():
    page = reference.errors_page()
    count = 0
    for file in reference.CASE_FILES:
        data = yaml.safe_load((reference.CASES / file).read_text(encoding="utf-8"))
        for case in data["cases"]:
            for line in case.get("expect") or []:
                assert f"\n{line}\n" in page, line
                count += 1
    assert count > 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", "`a`"), ("a`b", "``a`b``"), ("`x`", "`` `x` ``"), ("a|b", "`a|b`")],
)
def test_inline_code_holds_any_backticks(text: str, expected: str) -> None:
    assert reference.code(text) == expected


def test_an_optional_page_joins_the_nav_only_where_its_file_is(tmp_path):
    docs_dir = tmp_path / "pages"
    (docs_dir / "about").mkdir(parents=True)
    (docs_dir / "about" / "versioning.md").write_text("# Versioning\n")
    found = {path: folder for _, _, path, folder in reference.optional_pages(docs_dir)}
    assert found["about/versioning.md"] == docs_dir

    nav = [{"Home": "index.md"}, {"Explanation": [{"Trust model": "explanation/trust.md"}]}]
    nav = reference.with_page(nav, "Explanation", "Threat model", "explanation/threat-model.md")
    nav = reference.with_page(nav, "Explanation", "Threat model", "explanation/threat-model.md")
    nav = reference.with_page(nav, "About", "Versioning", "about/versioning.md")
    assert nav == [
        {"Home": "index.md"},
        {
            "Explanation": [
                {"Trust model": "explanation/trust.md"},
                {"Threat model": "explanation/threat-model.md"},
            ]
        },
        {"About": [{"Versioning": "about/versioning.md"}]},
    ]
