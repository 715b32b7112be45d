"""`example-pages new project|api`: valid, commented files that are never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_pages import cli
from example_pages.content.load import load_site
from example_pages.content.yamlload import load_document
from example_pages.errors import ContentError


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


PROJECT = """# yaml-language-server: $schema=../../schemas/project.schema.json
name: demo-project              # as the project spells it
repo: https://example.com/demo/demo-project.git
license: Apache-2.0             # SPDX expression, from the LICENSE file
description: >-                 # one or two sentences in our own words (Markdown)
  TODO(example-pages): say what demo-project does and who uses it.
# links:                        # optional, label -> URL
#   PyPI: https://pypi.org/project/demo-project/
"""

API = """# yaml-language-server: $schema=../../schemas/api.schema.json
api: demo.events.Signal         # module and name; the file name matches it
kind: class                     # class | function | callable | constant | module | attribute
summary: >-                     # the introduction (Markdown)
  TODO(example-pages): what Signal from demo.events is for, in two or three sentences.
# Add examples with `example-pages harvest <clone> --api demo.events.Signal --project <id>`,
# or by hand: project, file, ref (commit SHA), line and code (verbatim).
examples: []
"""


def test_new_project_and_api_write_valid_commented_files(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = "https://example.com/demo/demo-project.git"
    assert run(capsys, "project", "demo-project", "--repo", repo, "--license", "apache-2.0") == (
        0,
        "Wrote content/projects/demo-project.yml: replace each TODO(example-pages) "
        "placeholder, then run "
        "`example-pages check`.\n"
        "Editors find no schema at schemas/; write it with `example-pages schema`.\n",
        "",
    )
    assert (cwd / "content/projects/demo-project.yml").read_text() == PROJECT
    assert cli.main(["schema"]) == 0
    assert run(capsys, "api", "demo.events.Signal", "--kind", "class") == (
        0,
        "Wrote content/apis/demo.events.Signal.yml: replace each TODO(example-pages) "
        "placeholder, then run "
        "`example-pages check`.\n",
        "",
    )
    assert (cwd / "content/apis/demo.events.Signal.yml").read_text() == API
    with pytest.raises(ContentError) as caught:
        load_site(cwd / "content", root=cwd)
    assert [str(p) for p in caught.value.problems] == [
        "content/apis/demo.events.Signal.yml:5:3: replace this placeholder with two or three "
        "sentences, in our own words, on what the API is for",
        "content/projects/demo-project.yml:6:3: replace this placeholder with one or two "
        "sentences, in our own words, on what the project does",
    ]
    for path in (cwd / "content").rglob("*.yml"):
        path.write_text(path.read_text().replace("TODO(example-pages): ", ""))
    site = load_site(cwd / "content")
    assert [api.api for api in site.apis] == ["demo.events.Signal"]
    assert site.projects["demo-project"].model.license == "Apache-2.0"


def test_without_a_license_check_asks_for_one(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "project", "demo", "--repo", "https://example.com/demo")
    assert code == 0
    assert out.startswith(
        "Wrote content/projects/demo.yml: replace each TODO(example-pages) placeholder, then run"
    )
    assert cli.main(["check", "--content", "content"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/projects/demo.yml:4:11: replace this placeholder with the SPDX expression "
        "from the project's LICENSE file, such as MIT",
        "content/projects/demo.yml:6:3: replace this placeholder with one or two sentences, in "
        "our own words, on what the project does",
        "Aborted with 2 content errors.",
    ]


def test_long_values_keep_their_comments_apart(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = "https://example.com/demo/a-very-long-project-name-indeed"
    api = "demo.very.deeply.nested.module.with_a_long_name"
    assert run(capsys, "project", "a-very-long-project-name-indeed", "--repo", repo)[0] == 0
    assert run(capsys, "api", api, "--kind", "attribute")[0] == 0
    project = cwd / "content/projects/a-very-long-project-name-indeed.yml"
    assert project.read_text().splitlines()[1] == (
        "name: a-very-long-project-name-indeed # as the project spells it"
    )
    doc, problems = load_document(project, "project.yml")
    assert problems == []
    assert doc.data["name"] == "a-very-long-project-name-indeed"
    assert doc.data["repo"] == repo
    assert doc.data["license"] == "TODO(example-pages)"
    doc, problems = load_document(cwd / f"content/apis/{api}.yml", "api.yml")
    assert (problems, doc.data["api"], doc.data["kind"]) == ([], api, "attribute")


def test_an_existing_file_is_never_overwritten(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = cwd / "content/apis/demo.Thing.yml"
    target.parent.mkdir(parents=True)
    target.write_text("api: demo.Thing\n# my notes\n")
    assert run(capsys, "api", "demo.Thing", "--kind", "function") == (
        1,
        "",
        "content/apis/demo.Thing.yml already exists; edit it, or remove it to start again\n",
    )
    assert target.read_text() == "api: demo.Thing\n# my notes\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["project", "Demo Project", "--repo", "https://example.com/d"],
            "'Demo Project' cannot be an id: name the file with lowercase letters, digits, '.', "
            "'_' and '-', starting with a letter or digit (and not a name Windows reserves, "
            "such as con or nul)",
        ),
        (
            ["project", "demo", "--repo", "https://"],
            "'https://' is not an http(s) URL; write it as https://...",
        ),
        (
            ["project", "index", "--repo", "https://example.com/d"],
            "'index' is the address of the page listing all projects, so it cannot be a "
            "project id: rename the file after the project",
        ),
        (
            ["project", "demo", "--repo", "git@example.com:d.git"],
            "'git@example.com:d.git' is not an http(s) URL; write it as https://...",
        ),
        (
            ["api", "demo-events.Signal", "--kind", "class"],
            "'demo-events.Signal' is not a dotted Python name; write the module path and the "
            "name, such as django.dispatch.Signal",
        ),
    ],
)
def test_bad_names_and_options_write_nothing(
    cwd: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(capsys, *args) == (1, "", message + "\n")
    assert not (cwd / "content").exists()


def test_new_accepts_what_check_accepts(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a reserved Windows name is refused as a whole file name only, as the check does
    assert run(capsys, "api", "django.con", "--kind", "module")[0] == 0
    assert (cwd / "content/apis/django.con.yml").is_file()


def test_a_license_is_checked_as_the_build_checks_it(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["project", "demo", "--repo", "https://example.com/d", "--license", "Nonsense-1.0"]
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, "")
    assert err.startswith("unknown SPDX license 'Nonsense-1.0': use an identifier from")
    assert not (cwd / "content").exists()


def test_every_authoring_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (
        ["new", "project"],
        ["new", "api"],
        ["harvest"],
        ["verify"],
        ["schema"],
        ["check"],
    ):
        with pytest.raises(SystemExit) as exit:
            cli.main([*command, "--help"])
        assert exit.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: example-pages {' '.join(command)}")
