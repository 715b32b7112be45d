"""The package's layers: the checks know nothing of the content format that uses them."""

from __future__ import annotations

import ast
from collections import defaultdict

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"


def imported_packages() -> dict[str, set[str]]:
    """Each top-level part of the package -> the parts its modules import, at any depth
    (imports under `if TYPE_CHECKING:` included)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        part = parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            base = list(parts[:-1])[: len(parts) - node.level]
            target = [*base, *(node.module or "").split(".")] if node.module else base
            names = [target[0]] if target else [alias.name for alias in node.names]
            found[part].update(name.removesuffix(".py") for name in names if name != part)
    return found


def test_checks_import_nothing_of_the_content_format() -> None:
    graph = imported_packages()
    assert "content" not in graph["checks"], sorted(graph["checks"])
    assert {"checks"} <= graph["content"]  # the content loader runs the checks, not the reverse


def test_the_scan_sees_relative_imports_at_every_depth() -> None:
    graph = imported_packages()
    assert {"content", "checks", "render"} <= graph["engine"]
    assert "compat" not in graph  # a subpackage of the engine, not a part of its own
