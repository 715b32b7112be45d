"""Load and validate a content folder into a `Site`, or report every problem."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..cache import Store
from ..checks.snippets import Aliases, Analyses, Analysis, Job
from ..engine.compat import Speedups
from ..errors import ContentError, Problem, display_path, shown_prefix
from ..files import Folders
from ..settings import Settings
from ..workers import Pool, Workers
from .entries import ApiEntry, LibraryEntry, ProjectEntry, Site
from .examples import analysis_jobs, check_examples
from .folder import RECORD, name_suffix, read_limited, scan_folder
from .freshness import load_freshness
from .models import FILE_KINDS, ApiPage, id_problem, type_name
from .placeholders import placeholder_problems
from .validate import markdown_problems, model_problem
from .yamlload import Document, load_document

SUFFIXES = (".yml", ".yaml")
Listed = list[tuple[str, Path, str]]
"""Content files to load: stem, path, path as shown."""
Loaded = list[tuple[str, Any, Document]]
"""Content files that validated: stem, model, document."""
E = TypeVar("E", ProjectEntry, LibraryEntry)
FileResult = tuple[Document, Any, list[Problem], tuple[object, ...] | None]
"""A file a worker loaded: document, model or None, problems, FileCache version."""
AHEAD_MIN_FILES = 100
"""Below this many API files, forking workers to load them costs more than it saves."""
OWN_SHARE = 1.25
"""The part of the API files this process loads, against each worker's part (by bytes): each
worker also starts, and hands its files back pickled. Measured on the imported FSP site (two
cores): with equal parts this process waited 0.3 s for the worker; with 1.25 neither waits."""
HOME = "index.md"
"""The hand-written home page, kept as written with the table at its marker."""


def load_site(
    content: Path,
    *,
    root: Path | None = None,
    settings: Settings | None = None,
    cache: FileCache | None = None,
    speedups: Speedups | None = None,
    workers: Workers | None = None,
) -> Site:
    """Load every content file under `content`; raise ContentError listing all problems.

    `cache` keeps each file's last result for the next load (the plugin holds one across
    `mkdocs serve` rebuilds); without it every file is read and validated. `speedups` and
    `workers`: the site's (see `engine.compat`, `workers`); default: new ones, from `settings`.
    """
    settings = settings or Settings()
    own = workers is None  # then what its fork keeps from the collector is given back here
    loader = _Loader(
        content,
        root,
        settings,
        cache or FileCache(),
        speedups or Speedups(),
        workers or Workers(settings.workers),
    )
    try:
        site = loader.run()
    finally:
        if own:
            loader.workers.thaw()
    loader.cache.keep_only(loader.seen)
    loader.cache.analyses = loader.analyses.used
    errors = [p for p in loader.problems if p.severity == "error"]
    if errors:
        raise ContentError(loader.problems)
    site.warnings = loader.problems
    return site


@dataclass
class Checked:
    """What `check_examples` found for one API page, and everything it was found from."""

    model: ApiPage
    doc: Document
    settings: Settings
    aliases: Aliases
    projects: list[tuple[str, ProjectEntry | None, bool]]
    entry: ApiEntry
    """The checked entry, with its examples; handed out again while nothing changed."""
    problems: list[Problem]


class FileCache:
    """The last load of each content file, reused while the file and the options are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[object, ...], Document, Any, list[Problem]]] = {}
        # The last load's snippet analyses, asked for again by the next.
        self.analyses: dict[Job, Analysis] = {}
        # The last load's example checks, by API.
        self.checked: dict[str, Checked] = {}
        # The last load's project and library entries, by kind and id.
        self._kinds: dict[type, dict[str, Any]] = {}

    def get(
        self, path: Path, version: tuple[object, ...]
    ) -> tuple[Document, Any, list[Problem]] | None:
        entry = self._entries.get(path)
        if not version or entry is None or entry[0] != version:
            return None
        return entry[1], entry[2], entry[3]

    def put(
        self,
        path: Path,
        version: tuple[object, ...],
        doc: Document,
        instance: Any,
        problems: list[Problem],
    ) -> None:
        if version:
            self._entries[path] = (version, doc, instance, problems)

    def entries(self, kind: type[E], loaded: Loaded) -> dict[str, E]:
        """The project or library entries of `loaded` by id: the last load's entry object
        where its model and document are the same objects (the file was not loaded again),
        so that what was kept from it stays valid by identity."""
        last = self._kinds.get(kind, {})
        found: dict[str, E] = {}
        for stem, model, doc in loaded:
            entry = last.get(stem)
            if entry is None or entry.model is not model or entry.doc is not doc:
                entry = kind(stem, model, doc)
            found[stem] = entry
        self._kinds[kind] = found
        return found

    def version(self, path: Path) -> tuple[object, ...] | None:
        """The version of `path` whose load is kept, if any."""
        entry = self._entries.get(path)
        return entry[0] if entry is not None else None

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone, so the cache never outgrows the content folder."""
        for path in set(self._entries) - paths:
            del self._entries[path]
        kept = {id(entry[1]) for entry in self._entries.values()}
        for api in [api for api, last in self.checked.items() if id(last.doc) not in kept]:
            del self.checked[api]


class _Loader:
    def __init__(
        self,
        content: Path,
        root: Path | None,
        settings: Settings,
        cache: FileCache,
        speedups: Speedups,
        workers: Workers,
    ) -> None:
        self.content = content
        self.speedups = speedups
        self.workers = workers
        self.root = root
        self.settings = settings
        self.store = Store(settings.cache)
        self.cache = cache
        self.analyses = Analyses(self.store, cache.analyses)
        # Each file's version, asked of the system once per load.
        self._versions: dict[tuple[Path, str, str], tuple[object, ...]] = {}
        # What the folder scan found of each regular file, by its path as a string: the
        # same file as `stat` finds, as the scan refuses links.
        self._stats: dict[str, os.stat_result] = {}
        self.seen: set[Path] = set()
        self.problems: list[Problem] = []
        self.broken: set[str] = set()  # files that exist but did not validate
        self.refused: set[str] = set()  # entries the folder scan refused

    def run(self) -> Site:
        if not self.content.is_dir():
            shown = display_path(self.content, self.root)
            self.problems.append(
                Problem(shown, 1, 1, "the content folder does not exist; check the path")
            )
            return Site(self.content, {}, [], {})
        refused = scan_folder(
            self.content,
            root=self.root,
            static=self.settings.static_files,
            max_bytes=self.settings.max_file_size,
            stats=self._stats,
        )
        self.problems += refused
        self.refused = {p.path for p in refused}
        projects = self.cache.entries(ProjectEntry, self._load_kind("projects"))
        libraries = self.cache.entries(LibraryEntry, self._load_kind("libraries"))
        aliases = self._aliases(libraries)
        apis: list[ApiEntry] = []
        seen: dict[str, ApiEntry] = {}
        loaded = self._load_apis(aliases)
        spellings = usual_spellings(model.api.split(".")[0] for _, model, _ in loaded)
        for stem, model, doc in loaded:
            if stem != model.api:
                self.problems.append(
                    doc.problem(
                        ("api",),
                        f"the file name must match the API: rename the file to {model.api}.yml "
                        f"or set `api: {stem}`",
                    )
                )
                continue
            other = seen.get(model.api.lower())
            if other is not None:
                self.problems.append(
                    doc.problem(
                        ("api",),
                        f"{model.api} already has a page in {other.doc.shown}; "
                        "merge the two files into one",
                    )
                )
                continue
            library = model.api.split(".")[0]
            usual = spellings.get(library.lower(), library)
            if usual != library:
                self.problems.append(
                    doc.problem(
                        ("api",),
                        f"the library '{library}' differs from '{usual}' only in case, and "
                        "their pages would share one folder on macOS and Windows; spell it "
                        f"'{usual}' as the other pages do",
                    )
                )
                continue
            entry, problems = self._checked(ApiEntry(model, doc), projects, aliases)
            seen[model.api.lower()] = entry
            self.problems += problems
            apis.append(entry)
        self.analyses.forget_ahead()  # made for pages refused above
        apis.sort(key=lambda a: a.api.lower())
        site = Site(self.content, projects, apis, libraries, home=self._home())
        if display_path(self.content / RECORD, self.root) not in self.refused:
            site.freshness, problems = load_freshness(
                self.content, apis, root=self.root, max_bytes=self.settings.max_file_size
            )
            self.problems += problems
        return site

    def _load_apis(self, aliases: Aliases) -> Loaded:
        """The API files, loaded and validated, with their snippets analyzed ahead.

        On a large site, forked workers take the later files (cut by size), load them and
        analyze their snippets, while this process does the same for the first ones; the
        checks then find every analysis made.
        """
        listed = self._listing("apis")
        parts = self._parts(listed)
        pool = self._pool(parts, aliases)
        if parts is None or pool is None:
            return self._load_listed(listed, "apis")
        mine, theirs = parts[0], parts[1:]
        futures = [
            pool.submit(_load_part, [(str(path), shown) for _, path, shown in part])
            for part in theirs
        ]
        loaded = self._load_listed(mine, "apis")
        settings = self.settings
        jobs = [job for _, model, _ in loaded for job in analysis_jobs(model, aliases, settings)]
        self.analyses.remember(jobs, self.analyses.analyze_all(jobs))
        results = [pool.result(future) for future in futures]
        pool.close()
        for part, result in zip(theirs, results, strict=True):
            if result is None:  # the worker failed (said once): load its files here
                loaded += self._load_listed(part, "apis")
                continue
            files, jobs, analyses = result
            for (_, path, _), (doc, instance, problems, entry) in zip(part, files, strict=True):
                self.seen.add(path)
                self.problems.extend(problems)
                if entry is not None:
                    self.cache.put(path, entry, doc, instance, problems)
            loaded += self._loaded(part, [(doc, instance) for doc, instance, _, _ in files])
            self.analyses.remember(jobs, analyses)
        return loaded

    def _checked(
        self, entry: ApiEntry, projects: dict[str, ProjectEntry], aliases: Aliases
    ) -> tuple[ApiEntry, list[Problem]]:
        """`entry` and what `check_examples` found, or the entry and problems of last time
        for the same page file (the same loaded objects), settings, aliases and projects of
        its examples.

        Where each example's project is the same entry as last time, the last entry itself
        comes back, so what a rebuild keeps by identity (cross-links, records) stays valid.
        """
        names = sorted({example.project for example in entry.model.examples})
        quoted = [(name, projects.get(name), name in self.broken) for name in names]
        last = self.cache.checked.get(entry.api)
        if (
            last is not None
            and last.model is entry.model
            and last.doc is entry.doc
            and last.settings == self.settings
            and last.aliases == aliases
            and last.projects == quoted
        ):
            kept = last.entry
            if all(e.project is projects[e.project.id] for e in kept.examples):
                return kept, last.problems
            # copies of the examples that point to the new project entries
            entry.examples = [
                replace(example, project=projects[example.project.id]) for example in kept.examples
            ]
            last.entry, last.projects = entry, quoted
            return entry, last.problems
        problems = check_examples(
            entry,
            projects,
            broken=self.broken,
            settings=self.settings,
            aliases=aliases,
            analyses=self.analyses,
        )
        self.cache.checked[entry.api] = Checked(
            entry.model, entry.doc, self.settings, aliases, quoted, entry, problems
        )
        return entry, problems

    def _pool(self, parts: list[Listed] | None, aliases: Aliases) -> Pool | None:
        """Forked workers for the parts after the first, each holding this load's settings."""
        if parts is None:
            return None
        fork = self.workers.context(spawn_ok=False)
        if fork is None:
            return None
        state = (self.content, self.root, self.settings, aliases, self.speedups)
        return self.workers.pool(fork, state, workers=len(parts) - 1)

    def _parts(self, listed: Listed) -> list[Listed] | None:
        """`listed` cut by size into one part for this process and one per worker, or None
        where workers would not pay (a small site, `workers: 0`)."""
        workers = self.workers.size(enough=len(listed) >= AHEAD_MIN_FILES)
        if workers == 0 or len(listed) < AHEAD_MIN_FILES:
            return None
        # Under `mkdocs serve`, a rebuild finds nearly every file loaded already: it stops at
        # the first files not kept, before asking the system about every one.
        new = 0
        for _, path, shown in listed:
            if self.cache.get(path, self._version(path, shown, "apis")) is None:
                new += 1
                if new >= AHEAD_MIN_FILES:
                    break
        if new < AHEAD_MIN_FILES:
            return None
        shares = workers + 1
        weights = [OWN_SHARE] + [1.0] * workers
        sizes = []
        for _, path, _ in listed:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                sizes.append(0)
        total = sum(sizes) or 1
        bounds, reached = [], 0.0
        for weight in weights:
            reached += weight
            bounds.append(total * reached / sum(weights))
        parts: list[Listed] = [[] for _ in range(shares)]
        done, part = 0, 0
        for item, size in zip(listed, sizes, strict=True):
            while part < shares - 1 and done >= bounds[part]:
                part += 1
            parts[part].append(item)
            done += size
        return parts if all(parts) else None

    def _aliases(self, libraries: dict[str, LibraryEntry]) -> tuple[tuple[str, str], ...]:
        """Every library's (other name, name) pairs; a name outside its library is refused."""
        pairs = []
        for stem, library in libraries.items():
            for other, name in library.model.aliases.items():
                if name != stem and not name.startswith(stem + "."):
                    self.problems.append(
                        library.doc.problem(
                            ("aliases", other),
                            f"alias '{other}': '{name}' is not a name in the {stem} library; "
                            f"list it in content/libraries/{name.split('.')[0]}.yml instead",
                        )
                    )
                    continue
                pairs.append((other, name))
        return tuple(pairs)

    def _home(self) -> str | None:
        path = self.content / HOME
        if not path.is_file() or display_path(path, self.root) in self.refused:
            return None
        shown = display_path(path, self.root)
        try:
            raw = read_limited(path, self.settings.max_file_size)
        except OSError as e:
            self.problems.append(Problem(shown, 1, 1, f"cannot read the file: {e.strerror}"))
            return None
        if len(raw) > self.settings.max_file_size:
            self.problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    f"the file is over the limit of {self.settings.max_file_size:,} bytes; "
                    "split it, or raise `max_file_size` in mkdocs.yml",
                )
            )
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            self.problems.append(
                Problem(
                    display_path(path, self.root),
                    line,
                    1,
                    f"byte {e.object[e.start]:#04x} is not UTF-8; save the file as UTF-8",
                )
            )
            return None

    def _load_kind(self, folder: str) -> Loaded:
        return self._load_listed(self._listing(folder), folder)

    def _load_listed(self, listed: Listed, folder: str) -> Loaded:
        model = FILE_KINDS[folder].model
        return self._loaded(
            listed, [self._load_file(path, shown, model, folder) for _, path, shown in listed]
        )

    def _listing(self, folder: str) -> Listed:
        """The files of a content folder to load: stem, path, shown path."""
        directory = self.content / folder
        if not directory.is_dir() or display_path(directory, self.root) in self.refused:
            return []
        listed = []
        folders = Folders()
        prefix = shown_prefix(directory, self.root, folders)
        # By name, as paths in one folder sort (case-folded where the system folds case).
        names = [n for n in os.listdir(directory) if name_suffix(n) in SUFFIXES]
        for name in sorted(names, key=os.path.normcase):
            path = directory / name
            shown = prefix + name if prefix is not None else display_path(path, self.root)
            if shown in self.refused:
                continue
            stem = name[: name.rfind(".")]
            self.broken.add(stem)
            problem = id_problem(stem, folder) if folder != "apis" else None
            if problem is not None:
                self.problems.append(Problem(shown, 1, 1, problem))
                continue
            listed.append((stem, path, shown))
        return listed

    def _loaded(self, listed: Listed, results: list[tuple[Document, Any]]) -> Loaded:
        """The files that validated, as (stem, model, document)."""
        loaded = []
        for (stem, _, _), (doc, instance) in zip(listed, results, strict=True):
            if instance is not None:
                self.broken.discard(stem)
                loaded.append((stem, instance, doc))
        return loaded

    def _load_file(
        self, path: Path, shown: str, model: type[BaseModel], folder: str
    ) -> tuple[Document, Any]:
        """Load and validate one file, reusing the last result while the file is unchanged."""
        version = self._version(path, shown, folder)
        self.seen.add(path)
        cached = self.cache.get(path, version)
        if cached is not None:
            doc, instance, problems = cached
            self.problems.extend(problems)
            return doc, instance
        before = len(self.problems)
        doc, problems = load_document(
            path, shown, max_bytes=self.settings.max_file_size, speedups=self.speedups
        )
        self.problems.extend(problems)
        instance = None if problems else self._validate(doc, model, folder)
        self.cache.put(path, version, doc, instance, self.problems[before:])
        return doc, instance

    def _version(self, path: Path, shown: str, folder: str) -> tuple[object, ...]:
        """What the kept load of `path` depends on; empty where the file cannot be read."""
        key = (path, shown, folder)
        found = self._versions.get(key)
        if found is None:
            stat = self._stats.pop(str(path), None)
            try:
                if stat is None:
                    stat = path.stat()
            except OSError:
                found = ()
            else:
                found = (stat.st_mtime_ns, stat.st_size, shown, folder, self.settings.max_file_size)
            self._versions[key] = found
        return found

    def _validate(self, doc: Document, model: type[BaseModel], folder: str) -> Any:
        fields = ", ".join(f"{name}:" for name, f in model.model_fields.items() if f.is_required())
        if doc.data is None:
            # at the top: an empty document's null may sit past the last line (`---`)
            self.problems.append(
                Problem(
                    doc.shown, 1, 1, f"the file is empty; a file in {folder}/ starts with {fields}"
                )
            )
            return None
        if not isinstance(doc.data, dict):
            self.problems.append(
                doc.problem(
                    (),
                    f"Expected type: mapping but received: {type_name(doc.data)}; "
                    f"a file in {folder}/ holds keys such as {fields}",
                )
            )
            return None
        placeholders = placeholder_problems(doc)
        self.problems.extend(placeholders)
        try:
            instance = model.model_validate(doc.data)
        except ValidationError as e:
            # a placeholder's own message says what the field needs
            held = {(p.line, p.col) for p in placeholders}
            for error in e.errors():
                problem = model_problem(doc, model, error)
                if (problem.line, problem.col) not in held:
                    self.problems.append(problem)
            return None
        if placeholders:
            return None
        problems = list(markdown_problems(doc, instance, self.store))
        self.problems.extend(problems)
        return None if problems else instance


def usual_spellings(libraries: Iterable[str]) -> dict[str, str]:
    """For each library id in lowercase, the spelling most API names use (ties: sorted first)."""
    counts = Counter(libraries)
    usual: dict[str, str] = {}
    for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        usual.setdefault(name.lower(), name)
    return usual


def _load_part(
    state: tuple[Path, Path | None, Settings, Aliases, Speedups],
    part: list[tuple[str, str]],
) -> tuple[list[FileResult], list[Job], list[Analysis]]:
    """In a worker: load and validate API files, and analyze the valid ones' snippets.

    Returns each file's document, model (or None), problems and FileCache version, then the
    analyses' jobs and results.
    """
    content, root, settings, aliases, speedups = state
    loader = _Loader(content, root, settings, FileCache(), speedups, Workers(0))
    files = []
    for path, shown in part:
        before = len(loader.problems)
        doc, instance = loader._load_file(Path(path), shown, ApiPage, "apis")
        files.append((doc, instance, loader.problems[before:], loader.cache.version(Path(path))))
    jobs = [
        job
        for _, instance, _, _ in files
        if instance is not None
        for job in analysis_jobs(instance, aliases, settings)
    ]
    return files, jobs, loader.analyses.analyze_all(jobs)
