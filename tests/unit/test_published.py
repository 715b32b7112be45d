"""A file of docs_dir is published only when reached through real folders, as a regular file."""

from __future__ import annotations

import os
from pathlib import Path

from example_pages.engine.published import reached_plainly


def test_only_regular_files_reached_without_links_are_published(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "pics").mkdir(parents=True)
    outside.mkdir()
    (outside / "private.png").write_bytes(b"x")
    (docs / "pics" / "own.png").write_bytes(b"x")
    (docs / "pics" / "linked.png").symlink_to(outside / "private.png")
    (docs / "mirror").symlink_to(outside, target_is_directory=True)
    (docs / "plain.txt").write_text("a file where a folder would be\n")
    os.mkfifo(docs / "pipe.png")
    assert reached_plainly(docs, "pics/own.png")
    assert not reached_plainly(docs, "pics/linked.png")
    assert not reached_plainly(docs, "mirror/private.png")
    assert not reached_plainly(docs, "plain.txt/inner.png")
    assert not reached_plainly(docs, "pipe.png")
    assert not reached_plainly(docs, "pics")
    assert not reached_plainly(docs, "missing.png")
