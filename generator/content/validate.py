"""Located messages for a content file's model: pydantic's errors and Markdown field issues."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..cache import Store
from ..checks.markdown import markdown_issues_stored
from ..errors import Problem, escape
from .models import MARKDOWN_FIELDS, ApiPage, type_name
from .yamlload import Document

_TYPE_NAMES = {
    "int_type": "integer",
    "int_parsing": "integer",
    "string_type": "string",
    "bool_type": "boolean",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


_TYPE_HINTS = {
    ("integer", "string"): "; write the number without quotes",
    ("boolean", "string"): "; write true or false",
    ("list", "string"): "; write a list, such as [1, 2]",
    ("list", "integer"): "; write a list, such as [1, 2]",
    ("mapping", "string"): "; write its keys on the lines below, indented",
}


def markdown_problems(doc: Document, instance: BaseModel, store: Store) -> list[Problem]:
    """Raw HTML, unsafe links and the like in the Markdown fields of a valid model."""
    return [
        field_problem(doc, instance, key, value, issue.index, issue.needle, issue.message)
        for key, value in markdown_fields(instance)
        for issue in markdown_issues_stored(store, value)
    ]


def markdown_fields(instance: BaseModel) -> list[tuple[tuple[str | int, ...], str]]:
    """Each Markdown field of a valid model that holds text: its key and its value."""
    found = []
    for key in _markdown_keys(instance):
        value: Any = instance
        for part in key:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        if isinstance(value, str):
            found.append((key, value))
    return found


def field_problem(
    doc: Document,
    instance: BaseModel,
    key: tuple[str | int, ...],
    value: str,
    index: int,
    needle: str,
    message: str,
    severity: str = "error",
) -> Problem:
    """A problem at `value[index]` of the Markdown field `key`, located in the YAML file.

    A block scalar's line is its start plus the line inside; where the YAML style moved the
    text (folding), the file is searched for `needle` from the field's start.
    """
    line = value.count("\n", 0, index) + 1
    col = index - (value.rfind("\n", 0, index) + 1) + 1
    pos = doc.at(key)
    at_line, at_col = doc.find(needle, pos.inside(line, col), pos)
    prefix = ""
    if isinstance(instance, ApiPage) and len(key) == 3 and isinstance(key[1], int):
        prefix = f"example {key[1] + 1} ({instance.examples[key[1]].project}): "
    return Problem(doc.shown, at_line, at_col, f"{prefix}'{key[-1]}': {message}", severity)


def _markdown_keys(instance: BaseModel) -> list[tuple[str | int, ...]]:
    keys: list[tuple[str | int, ...]] = []
    for name in MARKDOWN_FIELDS.get(type(instance).__name__, ()):
        keys.append((name,))
    if isinstance(instance, ApiPage):
        for index in range(len(instance.examples)):
            keys.extend(("examples", index, name) for name in MARKDOWN_FIELDS["Example"])
    return keys


def model_problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    """One pydantic error as a located message in MkDocs' phrasing, with the fix."""
    loc = tuple(error["loc"])
    prefix = ""
    if len(loc) >= 2 and loc[0] == "examples" and isinstance(loc[1], int):
        example = doc.data["examples"][loc[1]] if isinstance(doc.data.get("examples"), list) else {}
        project = example.get("project") if isinstance(example, dict) else None
        prefix = (
            f"example {loc[1] + 1}"
            + (f" ({escape(project)})" if isinstance(project, str) else "")
            + ": "
        )
    kind = error["type"]
    if len(loc) >= 3 and loc[-1] == "[key]":  # a mapping's key, such as a link's label
        return doc.problem(
            loc[:-1],
            f"{prefix}key '{escape(str(loc[-2]))}' of '{escape(str(loc[-3]))}': {error['msg']}",
            on_key=True,
        )
    # a key is content: quoted on one line, like every other quoted text
    field_name = escape(next((str(p) for p in reversed(loc) if isinstance(p, str)), ""))
    if kind == "missing":
        return doc.problem(
            loc[:-1],
            f"{prefix}'{field_name}': Required configuration not provided; add `{field_name}:`",
        )
    if kind == "extra_forbidden":
        known = list(_fields_at(model, loc[:-1]))
        close = difflib.get_close_matches(field_name, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "valid keys: " + ", ".join(known)
        return doc.problem(loc, f"{prefix}unknown key '{field_name}'; {hint}", on_key=True)
    if kind in _TYPE_NAMES:
        received = type_name(error["input"])
        hint = _TYPE_HINTS.get((_TYPE_NAMES[kind], received), "")
        if not hint and _TYPE_NAMES[kind] == "string":
            hint = "; give the text" if received == "null" else "; quote it"
        return doc.problem(
            loc,
            f"{prefix}'{field_name}': Expected type: {_TYPE_NAMES[kind]} "
            f"but received: {received}{hint}",
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(error["input"]), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "use one of them"
        return doc.problem(
            loc, f"{prefix}'{field_name}': '{error['input']}' is not one of {expected}; {hint}"
        )
    if kind == "greater_than_equal":
        return doc.problem(loc, f"{prefix}'{field_name}': must be 1 or more (lines count from 1)")
    if kind == "string_too_short":
        return doc.problem(loc, f"{prefix}'{field_name}': must not be empty")
    message = error["msg"]
    return doc.problem(loc, f"{prefix}'{field_name}': {message}")


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, str) and part in current.model_fields:
            annotation = current.model_fields[part].annotation
            args = getattr(annotation, "__args__", ())
            nested = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if nested:
                current = nested[0]
    return list(current.model_fields)
