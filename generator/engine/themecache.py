"""Pages the theme rendered in an earlier build, reused while nothing they show changed.

A page's output is kept in the store under a key made of everything the theme can show of
it: the page (its converted HTML, table of contents, title, metadata and addresses), the
whole nav, every file's place, the configuration, the theme's templates and the library
versions. A build that finds the key renders an empty template for the page (MkDocs writes
nothing for it) and the plugin hands MkDocs the kept output in `on_post_page` instead. So a
rebuild after one example changed renders only that page through the theme, as long as the
nav did not change.

It is only used where the key covers the output: a build (not `serve`), where no plugin but
the search plugins and this one sees pages while they are rendered or changes the theme's
environment, and no template asks for the build date.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel

from ..cache import Store, key_of
from .compat.material import is_search
from .pagecache import files_digest

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .compat.mkdocs import BuildInternals

log = get_plugin_logger(__name__)
EMPTY = "example-pages/rendered-elsewhere.html"
"""The empty template the build renders for a page whose output comes from elsewhere."""
CHOSEN = "example-pages/rendered-here-or-elsewhere.html"
"""The page's own template where the context's `example_pages_mine` is true, else nothing."""
_TEMPLATES = {
    EMPTY: "",
    CHOSEN: "{% if example_pages_mine %}{% extends example_pages_template %}{% endif %}",
}
# A template that shows the build's date makes output that a key of the inputs cannot cover.
_DATES = ("build_date_utc", "update_date")
# Where the build writes and reads its configuration, which no page shows.
_WHERE_ONLY = frozenset({"site_dir", "config_file_path"})


def _package_folder(name: str) -> Path | None:
    spec = find_spec(name)
    return Path(spec.origin).resolve().parent if spec is not None and spec.origin else None


# Their versions are in the key: Material's icons alone are thousands of files.
_PACKAGES = [f for f in (_package_folder("material"), _package_folder("mkdocs")) if f is not None]


def only_search_sees_pages(
    config: MkDocsConfig, plugin: object, *, internals: BuildInternals
) -> bool:
    """No plugin but `plugin` and the search plugins sees a page while it is rendered (False
    where that cannot be known).

    A plugin that keeps what it sees in `on_page_context` or `on_post_page` would miss the
    pages a forked process renders, or whose output is reused.
    """
    for event in ("page_context", "post_page"):
        handlers = internals.handlers(config, event)
        if handlers is None:
            return False
        for method in handlers:
            owner = getattr(method, "__self__", None)
            if owner is plugin:
                continue
            if event == "page_context" and is_search(owner):
                continue
            return False
    return True


def safe_to_reuse(config: MkDocsConfig, plugin: object, *, internals: BuildInternals) -> bool:
    """No plugin but `plugin` and the search plugins sees a page while it is rendered, and
    no plugin but `plugin` changes the theme's environment."""
    handlers = internals.handlers(config, "env")
    if handlers is None or not only_search_sees_pages(config, plugin, internals=internals):
        return False
    return all(getattr(m, "__self__", None) is plugin for m in handlers)


def use_empty_template(env: Environment) -> None:
    """Make `EMPTY` and `CHOSEN` templates of `env` (once)."""
    loader = env.loader
    if isinstance(loader, ChoiceLoader) and any(
        isinstance(inner, DictLoader) and EMPTY in inner.mapping for inner in loader.loaders
    ):
        return
    env.loader = ChoiceLoader([DictLoader(_TEMPLATES), loader])  # type: ignore[list-item]


class ThemeCache:
    """The theme's output of each page, by key, for the next build."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.keys: dict[str, str] = {}
        self.outputs: dict[str, str] = {}
        # What the last `plan` found; None where the build did not plan (nothing is reused).
        self.counts: dict[str, int] | None = None

    def plan(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Key every page; give the ones the store holds the empty template."""
        self.keys, self.outputs, self.counts = {}, {}, None
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        if self.store.folder is None:
            return
        templates = templates_digest(config)
        if templates is None:
            return
        shared = key_of(
            ["theme", config_digest(config), _nav_digest(nav), files_digest(files), templates]
        )
        for file in doc_files:
            page = file.page
            if page is None:
                continue
            key = key_of(["theme page", shared, _page_digest(page)])
            text = self.store.get(key)
            if text is None:
                self.keys[file.src_uri] = key
            else:
                self.outputs[file.src_uri] = text
                page.meta["template"] = EMPTY
        if self.outputs:
            use_empty_template(env)
        self.counts = {"rendered": len(self.keys), "stored": len(self.outputs)}

    def to_render(self, doc_files: list[File]) -> list[File]:
        """The pages whose output the store does not hold."""
        return [file for file in doc_files if file.src_uri not in self.outputs]

    def output(self, src_uri: str) -> str | None:
        """The kept output of a page the build did not render."""
        return self.outputs.pop(src_uri, None)

    def keep(self, src_uri: str, html: str) -> None:
        """Store a page's output for the next build."""
        key = self.keys.pop(src_uri, None)
        if key is not None and html.strip():
            self.store.put(key, html)

    def report(self) -> None:
        if self.counts is None:
            return
        log.debug(
            "theme: %d pages rendered, %d from the cache",
            self.counts["rendered"],
            self.counts["stored"],
        )


def _page_digest(page: Page) -> str:
    meta = {k: v for k, v in page.meta.items() if k != "template"}
    toc = json.dumps([_anchor(a) for a in page.toc], sort_keys=True)
    parts = [page.content, toc, page.title, meta, page.url, page.canonical_url, page.edit_url]
    parts += [page.file.src_uri, page.file.dest_uri, page.is_homepage]
    return key_of(parts)


def _anchor(anchor: Any) -> dict[str, Any]:
    return {
        "id": anchor.id,
        "title": anchor.title,
        "level": anchor.level,
        "children": [_anchor(child) for child in anchor.children],
    }


def _nav_digest(nav: Navigation) -> str:
    def item(entry: Any) -> list[Any]:
        kind = type(entry).__name__
        url = getattr(entry, "url", None)
        src = entry.file.src_uri if getattr(entry, "file", None) is not None else None
        children = [item(child) for child in entry.children or []]
        return [kind, entry.title, url, src, children]

    homepage = nav.homepage.url if nav.homepage is not None else None
    return key_of(["nav", [item(entry) for entry in nav.items], homepage])


def config_digest(config: MkDocsConfig) -> str:
    values: dict[str, Any] = {}
    for name, value in config.items():
        if name in _WHERE_ONLY:
            continue
        if name == "plugins":
            value = {n: _settings(p) for n, p in value.items()}
        elif name == "markdown_extensions":
            value = [e for e in value if isinstance(e, str)]
        elif name == "theme":
            value = {"dirs": list(value.dirs), **{k: value[k] for k in value}}
        values[name] = value
    versions = [(name, _version(name)) for name in ("mkdocs", "jinja2", "mkdocs-material")]
    return key_of(["config", values, versions])


def _settings(plugin: object) -> Any:
    """A plugin's settings; for a hook (a module named under `hooks:`), its file's bytes."""
    config = getattr(plugin, "config", None)
    if config is not None:
        return dict(config)
    file = getattr(plugin, "__file__", None)
    try:
        digest = hashlib.sha256(Path(file).read_bytes()).hexdigest() if file else None
    except OSError:
        digest = None
    return ["hook", file, digest]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def templates_digest(config: MkDocsConfig) -> str | None:
    """Every file of every theme folder but MkDocs' and Material's own, or None when a page
    template there shows the build date."""
    rows = []
    static = set(config.theme.static_templates)
    for folder in map(Path, config.theme.dirs):
        if any(folder.resolve().is_relative_to(package) for package in _PACKAGES):
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            name = path.relative_to(folder).as_posix()
            if name not in static and any(word.encode() in data for word in _DATES):
                return None
            rows.append((name, hashlib.sha256(data).hexdigest()))
    return key_of(["templates", config.theme.dirs, rows])
