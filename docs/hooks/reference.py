"""The reference pages of the documentation, generated from the code on every docs build.

A MkDocs hook (`hooks:` in docs/mkdocs.yml): `on_files` adds the pages. The functions that
write them take no MkDocs object, so tests/unit/test_docs_reference.py calls them directly and
compares what they list with the parser, the plugin's config class and the schemas.
"""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CASES = ROOT / "tests" / "cases"
PLUGIN_SOURCE = ROOT / "generator" / "engine" / "plugin.py"

# Each file of error cases, in the order the page shows them, with what it covers.
CASE_FILES = {
    "hostile.yml": (
        "Content files",
        "What `example-pages check` and every build print for a mistake in a content file.",
    ),
    "limits.yml": (
        "Limits",
        "Content too large or too deeply nested to check safely.",
    ),
    "clones.yml": (
        "Clones",
        "What `example-pages verify` prints for a clone it cannot read or cannot trust. "
        "`{sha}` stands for the example's commit, `{root}` for the folder it runs in.",
    ),
}


def cell(text: object) -> str:
    """Text for one cell of a Markdown table: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text: object) -> str:
    """`text` as inline code, whatever backticks it holds."""
    text = str(text)
    fence = "`" * (max((len(run) for run in text.split("`")[1::2]), default=0) + 1)
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def commands(parser: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command below `parser`, depth first, as (words after the program name, parser)."""
    found = []
    for name, sub in parser.subcommands.items():
        found.append(((*path, name), sub))
        found.extend(commands(sub, (*path, name)))
    return found


def _argument_row(action: argparse.Action) -> str:
    name = ", ".join(code(o) for o in action.option_strings) or code(action.metavar or action.dest)
    if action.choices is not None:
        value = " \\| ".join(code(c) for c in action.choices)
    elif action.nargs == 0:
        value = "flag"
    else:
        value = code(action.metavar or action.dest.upper()) if action.option_strings else ""
    default = action.default
    shown = "" if default in (None, False, argparse.SUPPRESS) else code(default)
    if isinstance(default, Path):
        shown = code(default.as_posix())
    if action.required:
        shown = "required"
    return f"| {name} | {value} | {shown} | {cell(action.help or '')} |"


def cli_page() -> str:
    """Markdown for every subcommand of `example-pages` and its options."""
    from example_pages.cli import make_parser

    root = make_parser()
    lines = [
        "# Command line",
        "",
        "Generated from the command's own parser when these pages are built. Every command "
        "prints the same with `--help`.",
        "",
    ]
    lines += ["## example-pages", "", root.description or "", ""]
    lines += ["```text", root.format_usage().strip(), "```", ""]
    lines += ["| Argument | Value | Default | What it does |", "| --- | --- | --- | --- |"]
    lines += [_argument_row(a) for a in root.arguments if a.dest != "help"]
    lines.append("")
    for path, parser in commands(root):
        if parser.subcommands and not [a for a in parser.arguments if a.dest != "help"]:
            lines += [f"## example-pages {' '.join(path)}", ""]
            if parser.description:
                lines += [parser.description, ""]
            names = ", ".join(code(f"{' '.join(path)} {n}") for n in parser.subcommands)
            lines += [f"Subcommands: {names}.", ""]
            continue
        lines += [f"## example-pages {' '.join(path)}", ""]
        if parser.description:
            lines += [parser.description, ""]
        lines += ["```text", parser.format_usage().strip(), "```", ""]
        lines += ["| Argument | Value | Default | What it does |", "| --- | --- | --- | --- |"]
        lines += [_argument_row(a) for a in parser.arguments if a.dest != "help"]
        lines.append("")
    return "\n".join(lines)


def _option_type(node: ast.expr) -> str:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return ast.unparse(node)
    kind, args = node.func.attr, node.args
    if kind == "Optional" and args:
        return _option_type(args[0])
    if kind == "Type" and args and isinstance(args[0], ast.Name):
        return {"str": "string", "int": "integer", "bool": "boolean"}.get(args[0].id, args[0].id)
    if kind == "Choice" and args and isinstance(args[0], ast.Tuple):
        return "one of " + ", ".join(code(ast.literal_eval(e)) for e in args[0].elts)
    if kind in ("Dir", "File"):
        return "folder" if kind == "Dir" else "file"
    if kind == "ListOfItems" and args:
        return "list of " + _option_type(args[0])
    return ast.unparse(node)


def plugin_options(source: str) -> list[tuple[str, ast.expr, str]]:
    """(name, option expression, docstring) of each option of `PluginConfig` in `source`."""
    tree = ast.parse(source)
    config = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PluginConfig")
    found = []
    body = config.body
    for statement, after in zip(body, [*body[1:], None], strict=True):
        if not isinstance(statement, ast.Assign) or not isinstance(statement.targets[0], ast.Name):
            continue
        doc = ""
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            doc = str(after.value.value)
        found.append((statement.targets[0].id, statement.value, doc))
    return found


def options_page() -> str:
    """Markdown for every option of the MkDocs plugin: name, type, default and help."""
    from example_pages.engine.plugin import PluginConfig

    defaults = dict(PluginConfig())
    options = plugin_options(PLUGIN_SOURCE.read_text(encoding="utf-8"))
    lines = [
        "# Plugin options",
        "",
        "Generated from the plugin's configuration class (`PluginConfig` in "
        "`generator/engine/plugin.py`) when these pages are built. Every option is optional; "
        "set them under the plugin's name in `mkdocs.yml`:",
        "",
        "```yaml",
        "plugins:",
        "  - example-pages:",
    ]
    for name, _, _ in options:
        value = defaults[name]
        shown = "" if value is None else " " + json.dumps(value)
        lines.append(f"      {name}:{shown}" if shown else f"      # {name}: (see below)")
    lines += ["```", "", "| Option | Type | Default | What it does |", "| --- | --- | --- | --- |"]
    for name, node, doc in options:
        value = defaults[name]
        default = "see the description" if value is None else code(json.dumps(value))
        lines.append(f"| {code(name)} | {_option_type(node)} | {default} | {cell(doc)} |")
    lines.append("")
    return "\n".join(lines)


def _field_type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in prop:
            kinds = [_field_type(p) for p in prop[key] if p.get("type") != "null"]
            return " or ".join(kinds)
    if "enum" in prop:
        return "one of " + ", ".join(code(v) for v in prop["enum"])
    if "const" in prop:
        return code(prop["const"])
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_field_type(prop.get('items', {}))}"
    if kind == "object":
        values = prop.get("additionalProperties")
        if isinstance(values, dict):
            keys = _field_type(prop.get("propertyNames", {"type": "string"}))
            return f"mapping of {keys} to {_field_type(values)}"
        return "mapping"
    if prop.get("contentMediaType") == "text/markdown":
        return "Markdown"
    if prop.get("format") == "uri":
        return "URL"
    return {"string": "text", "integer": "integer", "boolean": "boolean"}.get(kind, kind)


def _fields_table(schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", ()))
    lines = [
        "| Field | Type | Required | Default | What it holds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, prop in schema.get("properties", {}).items():
        default = code(json.dumps(prop["default"])) if "default" in prop else ""
        if default == code("null"):
            default = "none"
        need = "yes" if name in required else "no"
        description = prop.get("description", "")
        lines.append(
            f"| {code(name)} | {_field_type(prop)} | {need} | {default} | {cell(description)} |"
        )
    return lines


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each kind of content file, as the editors get them."""
    from example_pages.content.schema import schema_texts

    return {
        name.removesuffix(".schema.json"): json.loads(text) for name, text in schema_texts().items()
    }


def section_title(name: str) -> str:
    """The heading of a schema's section: a kind of content file, or a file the build writes."""
    from example_pages.content.models import FILE_KINDS

    if name in {kind.schema for kind in FILE_KINDS.values()}:
        return f"{'API' if name == 'api' else name.capitalize()} files"
    return f"{name}.json, written by the build"


def fields_page() -> str:
    """Markdown for every field of every kind of content file, from the JSON Schemas."""
    lines = [
        "# Content fields",
        "",
        "Generated from the content models (`generator/content/models.py`) through the JSON "
        "Schemas that editors read, when these pages are built. Unknown fields are refused. "
        "The last section describes `examples.json`, which every build writes at the site "
        "root.",
        "",
    ]
    for name, schema in schemas().items():
        lines += [f"## {section_title(name)}", "", schema.get("description", ""), ""]
        lines += [*_fields_table(schema), ""]
        for sub, sub_schema in schema.get("$defs", {}).items():
            if "properties" in sub_schema:
                lines += [f"### {sub}", "", sub_schema.get("description", ""), ""]
                lines += [*_fields_table(sub_schema), ""]
    return "\n".join(lines)


def error_cases(cases: Path = CASES) -> dict[str, list[tuple[str, list[str]]]]:
    """For each file of test cases: (case name, exact lines expected) of every case."""
    found = {}
    for file in CASE_FILES:
        data = yaml.safe_load((cases / file).read_text(encoding="utf-8"))
        found[file] = [
            (case["name"], [str(line) for line in case["expect"]])
            for case in data["cases"]
            if case.get("expect")
        ]
    return found


def errors_page(cases: Path = CASES) -> str:
    """Markdown listing the real messages the tests expect, each with the fix it states."""
    lines = [
        "# Error messages",
        "",
        "Generated from the test cases (`tests/cases/*.yml`) when these pages are built: each "
        "block holds the exact lines a test expects, so every message here is one the tools "
        "really print. A message names the place first (`path:line:col`), then what is wrong, "
        "then, after a semicolon, how to fix it. A run ends with one summary line.",
        "",
    ]
    for file, found in error_cases(cases).items():
        title, intro = CASE_FILES[file]
        lines += [f"## {title}", "", intro, ""]
        for name, expect in found:
            lines += [f"**{name.replace('-', ' ')}**", "", "```text", *expect, "```", ""]
    return "\n".join(lines)


PAGES = {
    "reference/cli.md": cli_page,
    "reference/plugin-options.md": options_page,
    "reference/content-fields.md": fields_page,
    "reference/errors.md": errors_page,
}


# Pages that may not exist yet: (nav section, title, path). Each is published and listed in
# the nav only when the file is there, in docs/pages/ or in docs/ itself.
OPTIONAL_PAGES = (
    ("Explanation", "Threat model", "explanation/threat-model.md"),
    ("About", "Versioning", "about/versioning.md"),
)


def optional_pages(docs_dir: Path) -> list[tuple[str, str, str, Path]]:
    """The optional pages present: (section, title, path, folder the file is in)."""
    found = []
    for section, title, path in OPTIONAL_PAGES:
        for folder in (docs_dir, DOCS):
            if (folder / path).is_file():
                found.append((section, title, path, folder))
                break
    return found


def with_page(nav: list[Any], section: str, title: str, path: str) -> list[Any]:
    """`nav` with {title: path} at the end of `section` (a new section if there is none)."""
    for item in nav:
        if isinstance(item, dict) and section in item and isinstance(item[section], list):
            if not any(path in entry.values() for entry in item[section]):
                item[section].append({title: path})
            return nav
    return [*nav, {section: [{title: path}]}]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for section, title, path, _ in optional_pages(Path(config.docs_dir)):
        config.nav = with_page(config.nav or [], section, title, path)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    from mkdocs.structure.files import File

    for src_uri, page in PAGES.items():
        files.append(File.generated(config, src_uri, content=page()))
    for _, _, path, folder in optional_pages(Path(config.docs_dir)):
        if folder == DOCS and files.get_file_from_path(path) is None:
            files.append(File(path, str(DOCS), config.site_dir, config.use_directory_urls))
    return files
