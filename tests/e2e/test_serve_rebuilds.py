"""Plain `mkdocs serve` rebuilds only what an edit changed, and its site equals a clean build's.

One real `serve` process (MkDocs, then ProperDocs) takes every kind of edit an author makes;
after each rebuild, the folder it serves from is compared, file by file, with a fresh
`build` of the same sources at the same address.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from example_pages.resources import TEMPLATES
from tests.conftest import TESTS, copy_site, file_tree
from tests.e2e.serving import start, stop, wait_until_served

DEMO = TESTS / "golden" / "site" / "demo" / "content"
# Logged once a rebuild is done (with the time, so never dropped as a repeat).
BUILT = re.compile(r"Reloading browsers")
# Written by every build: they list every page, or come from another plugin.
EVERY_BUILD = {
    "404.html",
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
    "objects.inv",
    "examples.json",
    "django-dispatch-signal-examples/index.html",
}


class Served:
    """A `serve` process of `project` with its log and the site folder it serves from."""

    def __init__(self, engine: str, project: Path, tmp: Path) -> None:
        self.engine, self.project = engine, project
        self.log = tmp / f"{engine}-serve.log"
        temp = tmp / f"{engine}-tmp"
        temp.mkdir()
        self.process, self.url = start(
            project, self.log, "-v", engine=engine, env={"TMPDIR": str(temp)}
        )
        wait_until_served(self.url, self.process, self.log)
        (self.site_dir,) = temp.glob(f"{engine}_*")
        self.seen = self.builds()
        self.before = self.written()

    def builds(self) -> int:
        return len(BUILT.findall(self.log.read_text(errors="replace")))

    def written(self) -> dict[str, int]:
        return {
            p.relative_to(self.site_dir).as_posix(): p.stat().st_mtime_ns
            for p in self.site_dir.rglob("*")
            if p.is_file()
        }

    def rebuilt(self) -> list[str]:
        """Wait for the rebuild(s) an edit started to finish; the files they wrote, but those
        every build writes."""
        deadline = time.monotonic() + 120
        while self.builds() == self.seen:
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, f"no rebuild:\n{self.log.read_text()}"
            time.sleep(0.1)
        # A save may be reported twice: wait until the server is quiet.
        count = self.builds()
        while True:
            time.sleep(1.5)
            if self.builds() == count:
                break
            count = self.builds()
        self.seen = count
        now = self.written()
        before, self.before = self.before, now
        return sorted(n for n, t in now.items() if before.get(n) != t and n not in EVERY_BUILD)

    def matches_a_clean_build(self, tmp: Path) -> None:
        config = self.project / "at-the-served-address.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {self.url}\n")
        clean = tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        command = [sys.executable, "-m", self.engine, "build", "-q", "-f", config.name]
        command += ["-d", str(clean)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(command, cwd=self.project, capture_output=True, text=True, env=env)
        config.unlink()
        assert done.returncode == 0, done.stderr
        served, built = file_tree(self.site_dir), file_tree(clean)
        assert sorted(served) == sorted(built)
        differ = [name for name in built if served[name] != built[name]]
        assert differ == []
        self.before = self.written()


def add_demo(content: Path) -> None:
    """The made-up `demo` library's pages beside the starter's, for a site of several pages."""
    for kind in ("apis", "libraries", "projects"):
        for path in (DEMO / kind).glob("*.yml"):
            shutil.copy(path, content / kind / path.name)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_every_edit_rebuilds_what_it_changes_as_a_clean_build_would(
    tmp_path: Path, engine: str
) -> None:
    project = copy_site(tmp_path / "project")
    content = project / "content"
    add_demo(content)
    gadget = content / "apis" / "demo.extras.Gadget.yml"
    held = tmp_path / gadget.name
    shutil.move(gadget, held)
    (project / "templates").mkdir()
    (content / "guide.md").write_text("# A guide\n\nHand-written.\n")
    server = Served(engine, project, tmp_path)
    try:
        server.matches_a_clean_build(tmp_path)

        signal = content / "apis" / "django.dispatch.Signal.yml"
        text = signal.read_text()
        signal.write_text(
            text.replace(
                "  - project: viewflow\n", "  - project: viewflow\n    description: Edited.\n"
            )
        )
        assert server.rebuilt() == ["api/django.dispatch.Signal/index.html"]
        server.matches_a_clean_build(tmp_path)

        widget = content / "apis" / "demo.core.Widget.yml"
        widget.write_text(widget.read_text() + "\n")  # saved again, unchanged
        assert server.rebuilt() == []
        server.matches_a_clean_build(tmp_path)

        shutil.move(held, gadget)  # a page added: the nav changes
        written = server.rebuilt()
        assert "api/demo.extras.Gadget/index.html" in written and "guide/index.html" in written
        server.matches_a_clean_build(tmp_path)

        gadget.unlink()  # and removed
        server.rebuilt()
        server.matches_a_clean_build(tmp_path)

        (content / "guide.md").rename(content / "howto.md")  # a page renamed
        server.rebuilt()
        server.matches_a_clean_build(tmp_path)

        (content / "howto.md").write_text("# Another title\n\nHand-written.\n")
        assert len(server.rebuilt()) > 1  # the nav shows the new title on every page
        server.matches_a_clean_build(tmp_path)

        project_file = content / "projects" / "viewflow.yml"
        project_file.write_text(project_file.read_text().replace("name: ", "name: The ", 1))
        server.rebuilt()
        server.matches_a_clean_build(tmp_path)

        template = project / "templates" / "api.md.j2"
        template.write_text(
            (TEMPLATES / "api.md.j2").read_text() + "\nFrom the site's own template.\n"
        )
        written = server.rebuilt()
        assert "api/django.dispatch.Signal/index.html" in written
        server.matches_a_clean_build(tmp_path)

        home = content / "index.md"
        home.write_text(home.read_text() + "\nA line added to the home page.\n")
        assert server.rebuilt() == ["index.html"]
        server.matches_a_clean_build(tmp_path)

        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("site_name: ", "site_name: Renamed ", 1))
        assert len(server.rebuilt()) > 1
        server.matches_a_clean_build(tmp_path)
    finally:
        stop(server.process)


def test_the_first_rebuild_finds_the_settings_of_the_first_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve -f mkdocs.yml` gives the first build the file's path as typed, and every
    # rebuild its absolute path: both must make the same settings, or the first rebuild
    # checks every page again.
    from mkdocs.config import load_config

    project = copy_site(tmp_path / "site")
    monkeypatch.chdir(project)
    found = []
    for path in ("mkdocs.yml", str(project / "mkdocs.yml")):
        with open(path, "rb") as opened:  # as the command line hands it over
            config = load_config(opened)
        plugin = config.plugins["example-pages"]
        plugin.on_startup(command="serve", dirty=False)
        config.plugins.on_config(config)
        found.append((plugin.root, plugin.settings))
        plugin.on_shutdown()
    assert found[0] == found[1]
    assert found[0][0] == project
