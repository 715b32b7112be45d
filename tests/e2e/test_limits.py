"""Resource limits: pathological content is refused with its place, in bounded time and memory."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from example_pages.render.markup import md_text, url_text
from tests.conftest import TESTS
from tests.unit.test_hostile import CASES as HOSTILE
from tests.unit.test_hostile import write_content

CASES = yaml.safe_load((TESTS / "cases" / "limits.yml").read_text("utf-8"))
MEMORY = 1536 * 1024 * 1024  # address space of the check; Python and its imports need ~0.5 GB
TIMEOUT = 120  # seconds: generous, so that a slow machine never fails the test


def text(parts: list[Any]) -> str:
    return "".join(p if isinstance(p, str) else p[0] * p[1] for p in parts)


def block(value: str, indent: int) -> str:
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in value.split("\n"))


def case_files(case: dict[str, Any]) -> dict[str, str]:
    api = HOSTILE["base"]["content/apis/demo.signals.Signal.yml"]
    example = api[api.index("  - project:") :]
    if "snippet" in case:
        example = (
            example[: example.index("    code: |")]
            + "    code: "
            + block(text(case["snippet"]), 6)
            + "\n"
        )
    head = api[: api.index("  - project:")]
    if "summary" in case:
        head = head.replace(
            "summary: A made-up API.", "summary: " + block(text(case["summary"]), 2)
        )
    files = {"content/apis/demo.signals.Signal.yml": head + example * case.get("examples", 1)}
    if "links" in case:
        project = HOSTILE["base"]["content/projects/demo-project.yml"] + "links:\n"
        project += "".join(f'  "link {i}": javascript:alert(1)\n' for i in range(case["links"]))
        files["content/projects/demo-project.yml"] = project
    return files


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_limit_is_refused_in_bounded_time_and_memory(case: dict[str, Any], tmp_path: Path) -> None:
    write_content(tmp_path, case_files(case))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from example_pages.cli import main; sys.exit(main(['check']))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr[-2000:]
    if "expect" in case:
        assert lines == case["expect"]
    else:
        assert (len(lines), lines[0]) == (case["lines"], case["first"])
        assert lines[-1] == f"Aborted with {case['lines'] - 1} content errors."


def test_rendered_names_and_urls_stay_on_one_line() -> None:
    assert md_text("demo\n# A heading\r\n- item") == "demo \\# A heading - item"
    assert url_text("https://x.example/a b\n[d]: javascript:(1)") == (
        "https://x.example/a%20b%0A[d]:%20javascript:%281%29"
    )
