"""Whole-process measurements: wall time and peak memory of one command, and output sizes."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, its own peak resident memory, how it ended."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    error: str = ""
    output: str = ""


@dataclass
class Series:
    """Repeated runs of the same command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def error(self) -> str:
        return next((r.error for r in self.runs if r.returncode != 0), "")

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)


def run(
    command: list[str],
    cwd: Path,
    *,
    timeout: float = 3600,
    env: dict[str, str] | None = None,
    keep: str = "",
) -> Run:
    """Run `command` to the end; os.wait4 reports this child's own peak RSS.

    Output lines containing `keep` are kept in `Run.output`.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=out, stderr=out)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        error = ""
        if process.returncode != 0:
            error = " / ".join(lines[-3:]) or f"exit status {process.returncode}"
        kept = "\n".join(line for line in lines if keep and keep in line)
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, error, kept)


def html_per_page(site: Path, folder: str = "api") -> float:
    """Average size in bytes of the index.html files under `site/folder`."""
    sizes = [p.stat().st_size for p in (site / folder).rglob("index.html")]
    return sum(sizes) / len(sizes) if sizes else 0.0


def differing_files(a: Path, b: Path) -> list[str]:
    """Relative paths present in only one tree or with different bytes."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        if (a / rel).read_bytes() != (b / rel).read_bytes():
            differ.append(rel)
    return sorted(differ)
