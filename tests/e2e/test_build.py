"""End to end: real `mkdocs build --strict` runs of the default site and of broken copies."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import mkdocs_build

SIGNAL = "api/django.dispatch.Signal/index.html"


class _Blocks(HTMLParser):
    """Collects each highlighted code block's highlighted lines, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[list[str]] = []
        self._depth = 0  # depth inside an hll span

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "highlight" in classes:
            self.blocks.append([])
        if tag == "span":
            if "hll" in classes:
                self._depth = 1
                self.blocks[-1].append("")
            elif self._depth:
                self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.blocks[-1][-1] += data


def test_signal_page_shape(default_site: Path) -> None:
    html = (default_site / SIGNAL).read_text()
    headings = re.findall(r"<h2 id=\"[^\"]+\">(Example \d+ from [^<]+)<", html)
    assert headings == [
        "Example 1 from django-simple-history",
        "Example 2 from aldryn-accounts",
        "Example 3 from django-easy-timezones",
        "Example 4 from viewflow",
        "Example 5 from django-registration (redux)",
        "Example 6 from django-cors-headers",
    ]
    for name in (
        'BSD 3-Clause "New" or "Revised" License',
        "MIT License",
        "Apache License 2.0",
        "GNU Affero General Public License v3.0 or later",
    ):
        assert f">{name}</a>" in html.replace("&quot;", '"')
    assert "Alfredo" not in html
    breadcrumbs = re.findall(
        r'<a href="(https://github\.com/[^"]+)"><strong>([^<]+)</strong>', html
    )
    assert breadcrumbs == [
        (
            "https://github.com/django-commons/django-simple-history/blob/"
            "7b1538908bca61ab2c0574c2d44ff5c485faa978/simple_history/signals.py#L1-L23",
            "django-simple-history / simple_history / signals.py",
        ),
        (
            "https://github.com/divio/aldryn-accounts/blob/"
            "e4bd60354547945a8e80cc692c0080582dd0d846/aldryn_accounts/signals.py#L1-L18",
            "aldryn-accounts / aldryn_accounts / signals.py",
        ),
        (
            "https://github.com/Miserlou/django-easy-timezones/blob/"
            "a25c6312a7ecb3ebfac7b2c458b1c5be5d45a239/easy_timezones/signals.py#L1-L4",
            "django-easy-timezones / easy_timezones / signals.py",
        ),
        (
            "https://github.com/viewflow/viewflow/blob/"
            "311c9da6a1b31c1c35a857adcb3f8ce3d3220109/viewflow/signals.py#L1-L8",
            "viewflow / viewflow / signals.py",
        ),
        (
            "https://github.com/macropin/django-registration/blob/"
            "d010308cd8bbfad177106cf2ecf4f61293c100eb/registration/signals.py#L1-L26",
            "django-registration / registration / signals.py",
        ),
        (
            "https://github.com/adamchainz/django-cors-headers/blob/"
            "d896dc33491d96b0671adb12ff97769fc3a08eac/src/corsheaders/signals.py#L1-L6",
            "django-cors-headers / src / corsheaders / signals.py",
        ),
    ]


def test_signal_page_highlights_the_lines_that_use_signal(default_site: Path) -> None:
    parser = _Blocks()
    parser.feed((default_site / SIGNAL).read_text())
    highlighted = [[line.strip() for line in block] for block in parser.blocks]
    assert len(highlighted) == 6
    assert highlighted[0] == [
        "import django.dispatch",
        "pre_create_historical_record = django.dispatch.Signal(",
        "post_create_historical_record = django.dispatch.Signal(",
    ]
    assert highlighted[5] == [
        "from django.dispatch import Signal",
        'check_request_enabled = Signal(providing_args=["request"])',
    ]
    assert all(line for block in highlighted for line in block)
    assert all(
        "Signal" in line or line == "import django.dispatch"
        for block in highlighted
        for line in block
    )
    assert [len(block) for block in highlighted] == [3, 8, 2, 6, 4, 2]


def test_edit_link_points_at_the_yaml(default_site: Path) -> None:
    html = (default_site / SIGNAL).read_text()
    assert "edit/main/content/apis/django.dispatch.Signal.yml" in html
    assert not list(default_site.rglob("*.yml"))


def test_broken_content_fails_with_located_errors_and_leaves_site_untouched(
    site_copy: Path, tmp_path: Path
) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("previous build")
    api = site_copy / "content" / "apis" / "django.dispatch.Signal.yml"
    text = api.read_text()
    text = text.replace("kind: class", "kind: klass", 1)
    text = text.replace(
        'task_failed = Signal(providing_args=["process", "task", "exception", "traceback"])',
        'task_failed = Signal(providing_args=["process", "task", "exception",',
    )
    api.write_text(text)
    before = api.read_bytes()

    result = mkdocs_build(site_copy, site_dir)

    assert result.returncode == 1
    assert (
        "content/apis/django.dispatch.Signal.yml:3:7: 'kind': 'klass' is not one of 'class', "
        "'function', 'callable', 'constant', 'module' or 'attribute'"
    ) in result.stderr
    assert "Aborted with 1 content error." in result.stderr
    assert "Traceback" not in result.stderr
    assert (site_dir / "index.html").read_text() == "previous build"
    assert [p.name for p in site_dir.iterdir()] == ["index.html"]
    assert api.read_bytes() == before


def test_snippet_error_is_located_in_a_real_build(site_copy: Path, tmp_path: Path) -> None:
    api = site_copy / "content" / "apis" / "django.dispatch.Signal.yml"
    text = api.read_text().replace(
        'task_failed = Signal(providing_args=["process", "task", "exception", "traceback"])',
        'task_failed = Signal(providing_args=["process", "task", "exception",',
    )
    api.write_text(text)
    result = mkdocs_build(site_copy, tmp_path / "site")
    line = text.splitlines().index(
        '      task_failed = Signal(providing_args=["process", "task", "exception",'
    )
    last = text.splitlines()[line + 1]
    assert result.returncode == 1
    assert (
        f"content/apis/django.dispatch.Signal.yml:{line + 2}:{len(last) + 1}: example 4 "
        "(viewflow): the excerpt ends inside an open '[' (opened at snippet line 7); end it at "
        "a statement boundary or add the closing lines"
    ) in result.stderr
    assert not (tmp_path / "site").exists()
