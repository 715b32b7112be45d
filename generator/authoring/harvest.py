"""`example-pages harvest`: find an API's best usages in a local clone and add them as examples.

The clone's Python files at HEAD are read through one `git cat-file --batch` process; a file
whose text never names the API is not parsed. Usages are found with the build's own
detector (`snippets.analyze`), so every added example passes `example-pages check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

from pydantic import ValidationError
from tqdm import tqdm

from ..checks.limits import snippet_limit_issue
from ..checks.snippets import Aliases, aliases_for
from ..checks.symbols import definitions_in
from ..content.characters import refused_character
from ..content.models import Library, RepoPath, field_problem
from ..content.yamlload import load_document
from . import gitfiles
from .cut import Excerpt, FileScan, Usage
from .symbols import Placed, match
from .yamledit import Editor

PROGRESS_MIN = 200  # files: fewer are scanned too fast to need a progress bar
MAX_BYTES = 1_000_000  # larger Python files are generated code, not examples
TEST_DIRS = {"test", "tests", "testing"}


@dataclass(frozen=True)
class Candidate:
    """One usage cut to an excerpt, ready to become an example."""

    path: str
    usage: Usage
    excerpt: Excerpt
    is_test: bool
    symbol: str | None = None
    """The function or class the usage quotes whole, by qualified name."""

    def rank(self) -> tuple[bool, int, str, int]:
        return (self.is_test, self.usage.category, self.path, self.usage.line)


@dataclass
class Scan:
    """What a harvest found in a clone."""

    commit: str
    files: int = 0
    using: int = 0
    unparsable: list[str] = field(default_factory=list)
    unquotable: list[str] = field(default_factory=list)
    """Files whose path `check` would refuse as an example's `file` (a line break, a quote)."""
    candidates: list[Candidate] = field(default_factory=list)
    on_page: int = 0  # usages whose excerpt the page already quotes
    full: int = 0  # files whose best usage is new, but the page quotes `per_file` others
    uncut: int = 0  # usages no excerpt that passes the check could be cut around


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    return (
        any(part in TEST_DIRS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name in ("tests.py", "conftest.py")
    )


def _normal(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").split("\n"))


def scan(
    repo: Path,
    api: str,
    *,
    per_file: int = 1,
    feature_version: tuple[int, int] = (3, 8),
    skip: dict[str, set[str]] | None = None,
    aliases: Aliases = (),
    progress: TextIO | None = None,
) -> Scan:
    """Scan the clone at HEAD; keep up to `per_file` usages per file, best first.

    `skip` maps a file path to the snippets already quoted from it: those are not offered
    again, and count towards `per_file`. `aliases` are the API's other names
    (`content_aliases`).
    """
    skip = skip or {}
    commit = gitfiles.head(repo)
    files = gitfiles.python_files(repo, commit)
    result = Scan(commit, files=len(files))
    needles = {name.rsplit(".", 1)[-1].encode("utf-8") for name in [api, *dict(aliases)]}
    show = progress is not None and len(files) >= PROGRESS_MIN
    with gitfiles.Blobs(repo) as blobs:
        for path, sha in tqdm(
            files, desc="Scanning", unit="file", disable=not show, file=progress, leave=False
        ):
            if not quotable(path):
                result.unquotable.append(path)
                continue
            try:
                data = blobs.read(sha)
                if data is None or len(data) > MAX_BYTES or not any(n in data for n in needles):
                    continue
                text = data.decode("utf-8")
                if snippet_limit_issue(text.split("\n")) is not None:
                    raise ValueError("over a snippet limit")  # minified or generated code
                found = FileScan(text, api, aliases)
                usages = found.usages()
                if usages:
                    result.using += 1
                    _cut(result, path, found, usages, skip, per_file, feature_version)
            except (gitfiles.GitError, SyntaxError, ValueError, RecursionError, MemoryError):
                # one pathological (or unreadable) file is skipped and counted, never the end
                result.unparsable.append(path)
    result.candidates.sort(key=Candidate.rank)
    return result


def content_aliases(content: Path, api: str, page: dict[str, Any]) -> Aliases:
    """The other names the build matches `api` through: the libraries' and the page's own.

    Library files that do not load are passed over: `example-pages check` reports them.
    """
    pairs: list[tuple[str, str]] = []
    for path in sorted((content / "libraries").glob("*.y*ml")):
        doc, problems = load_document(path, path.as_posix())
        try:
            library = None if problems else Library.model_validate(doc.data)
        except ValidationError:
            library = None
        if library is not None:
            pairs.extend(library.aliases.items())
    own = page.get("aliases")
    if isinstance(own, list):
        pairs.extend((other, api) for other in own if isinstance(other, str))
    return aliases_for(api, tuple(pairs))


def quotable(path: str) -> bool:
    """Whether `check` accepts `path` as an example's `file`."""
    return field_problem(RepoPath, path) is None and refused_character(path) is None


def _cut(
    result: Scan,
    path: str,
    found: FileScan,
    usages: list[Usage],
    skip: dict[str, set[str]],
    per_file: int,
    feature_version: tuple[int, int],
) -> None:
    """Cut up to `per_file` new excerpts from one file's usages, counting why others were not."""
    quoted = {_normal(code) for code in skip.get(path, set())}
    room = per_file - len(quoted)
    whole = {(s.start, s.end): s.name for s in definitions_in(found.tree).values()}
    text = "\n".join(found.lines)
    if room <= 0:
        # the page quotes this file enough: is its best usage among those quotes?
        best = next(filter(None, (found.excerpt(u, feature_version=feature_version)
                                  for u in usages)), None)  # fmt: skip
        if best is None:
            result.uncut += len(usages)
        elif _normal(best.code) in quoted:
            result.on_page += 1
        else:
            result.full += 1
        return
    for usage in usages:
        if room <= 0:
            break
        excerpt = found.excerpt(usage, feature_version=feature_version)
        if excerpt is None:
            result.uncut += 1
        elif _normal(excerpt.code) in quoted:
            result.on_page += 1
        else:
            symbol = whole.get(usage.unit)
            if symbol is not None and not isinstance(match(text, symbol, excerpt.code), Placed):
                symbol = None  # the excerpt quotes more than the symbol (a small file whole)
            result.candidates.append(Candidate(path, usage, excerpt, is_test_path(path), symbol))
            quoted.add(_normal(excerpt.code))
            room -= 1


def quoted_files(editor: Editor, project: str) -> dict[str, set[str]]:
    """The snippets the page already quotes from each of `project`'s files."""
    found: dict[str, set[str]] = {}
    for example in editor.data.get("examples") or []:
        if isinstance(example, dict) and example.get("project") == project:
            file, code = example.get("file"), example.get("code")
            if isinstance(file, str) and isinstance(code, str):
                found.setdefault(file, set()).add(code)
    return found


def example_fields(project: str, commit: str, candidate: Candidate) -> dict[str, Any]:
    starts = candidate.excerpt.starts
    fields: dict[str, Any] = {
        "project": project,
        "file": candidate.path,
        "ref": commit,
        # one upstream start line per chunk between '# ...' lines, when there are several
        "line": starts[0] if len(starts) == 1 else list(starts),
    }
    if candidate.symbol is not None:
        # a whole function or class: found again by name when upstream edits move it
        fields["symbol"] = candidate.symbol
    fields["highlight"] = list(candidate.excerpt.highlight)
    fields["code"] = candidate.excerpt.code
    return fields
