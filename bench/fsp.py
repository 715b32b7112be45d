"""The real corpus: Full Stack Python's pages imported into content, and what the check finds.

`import_corpus(content)` has the shape of the synthetic corpus generators (it writes a
content folder), so the harness can build the imported site beside the synthetic one.
`python -m bench.fsp` prints the numbers of the migration guide,
docs/pages/how-to/migrate-from-fsp.md.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.corpus import Corpus
from example_pages.checks.excerpts import chunks, parse_chunk, snippet_lines
from example_pages.content.load import load_site
from example_pages.importer.fsp import import_fsp
from example_pages.importer.report import Report
from example_pages.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _pages() -> Path:
    """`../shared/fsp/examples` beside the checkout (or beside a folder holding it)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "fsp" / "examples").is_dir():
            return folder / "shared" / "fsp" / "examples"
    return ROOT.parent / "shared" / "fsp" / "examples"


PAGES = _pages()


def import_corpus(content: Path, pages: Path = PAGES) -> Report:
    """Import every page under `pages` into the content folder `content`."""
    return import_fsp(pages, content)


def corpus(content: Path) -> Corpus:
    """Import the real pages into `content`, counted like a generated corpus."""
    import_corpus(content)
    site = load_site(content, root=content, settings=Settings(snippet_errors="warn"))
    return Corpus(
        content,
        tuple(api.api for api in site.apis),
        sum(len(api.examples) for api in site.apis),
        len(site.projects),
        len({api.library for api in site.apis}),
    )


def excerpt_stats(content: Path) -> dict[str, Counter[str]]:
    """Snippets and chunks accepted, and the check's findings by kind, for imported content."""
    site = load_site(content, root=content, settings=Settings(snippet_errors="warn"))
    counts: dict[str, Counter[str]] = {
        "snippets": Counter(),
        "chunks": Counter(),
        "kinds": Counter(),
    }
    for api in site.apis:
        for example in api.examples:
            issues = example.analysis.issues
            counts["snippets"]["with problems" if issues else "accepted"] += 1
            lines = snippet_lines(example.model.code)
            for start, chunk in chunks(lines):
                result = parse_chunk(start, chunk, feature_version=(3, 8))
                if result is not None:
                    counts["chunks"]["accepted" if isinstance(result, tuple) else "rejected"] += 1
    for warning in site.warnings:
        message = warning.message.split("): ", 1)[-1]
        kind = re.sub(r" \(opened at snippet line \d+\)", "", message).split(";")[0]
        kind = re.sub(r"line \d+", "line N", re.sub(r"never uses \S+", "never uses its API", kind))
        counts["kinds"][re.sub(r"\s+", " ", kind).strip()] += 1
    return counts


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        report = import_corpus(content)
        print(report.summary())
        for name, counter in excerpt_stats(content).items():
            print(f"\n{name}:")
            for key, n in counter.most_common():
                print(f"  {n:5}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
