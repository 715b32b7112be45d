"""Import Full Stack Python's example pages into content YAML, reporting what did not map."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.load import usual_spellings
from ..content.models import id_problem
from . import fsp_map
from .fsp_pages import Page, Paragraph, RawExample, parse_page
from .report import Report
from .yamlout import write_content

SUFFIXES = (".markdown", ".md")


@dataclass
class _Project:
    repo: str
    names: Counter[str] = field(default_factory=Counter)
    descriptions: list[str] = field(default_factory=list)
    licenses: Counter[str] = field(default_factory=Counter)
    license_texts: list[str] = field(default_factory=list)
    refs: Counter[str] = field(default_factory=Counter)
    order: int = 0
    id: str = ""


class _Importer:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.report = Report()
        self.projects: dict[str, _Project] = {}
        self.apis: dict[str, dict[str, Any]] = {}
        self.libraries: dict[str, dict[str, Any]] = {}
        self.slugs: dict[str, str] = {}

    def where(self, page: Page, line: int) -> str:
        return f"{page.path.relative_to(self.source).as_posix()}:{line}"

    def run(self) -> None:
        paths = sorted(p for p in self.source.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        pages = [parse_page(p) for p in paths]
        self.report.pages = len(pages)
        api_pages: list[tuple[Page, str, str]] = []
        for page in pages:
            if page.is_hub:
                continue
            found = fsp_map.api_and_kind(page.title, page.header.get("meta", ""), _text(page.intro))
            if found is None:
                self.report.unmapped.append(
                    f"{self.where(page, 1)}: title '{page.title}' names no dotted API; "
                    "page not imported"
                )
                continue
            api, kind = found
            if api.lower() in {a.lower() for a in self.slugs.values()}:
                self.report.unmapped.append(
                    f"{self.where(page, 1)}: a second page for {api}; page not imported"
                )
                continue
            self.slugs[page.slug] = api
            api_pages.append((page, api, kind))
        usual = usual_spellings(api.split(".")[0] for _, api, _ in api_pages)
        for page, api, _kind in api_pages:
            library = api.split(".")[0]
            if usual[library.lower()] != library:
                # libraries/<id>/ pages of both spellings would be one folder on macOS
                self.report.unmapped.append(
                    f"{self.where(page, 1)}: the library '{library}' of {api} differs from "
                    f"'{usual[library.lower()]}' only in case; page not imported"
                )
                del self.slugs[page.slug]  # links to it keep pointing at the original site
        for page, api, kind in api_pages:
            if page.slug in self.slugs:
                self.api_page(page, api, kind)
        for page in pages:
            if page.is_hub:
                self.hub_page(page)
        self.finish_projects()

    def resolve(self, base: str) -> fsp_map.Resolve:
        def resolve(path: str) -> str | None:
            slug = path.strip("/").removesuffix(".html")
            api = self.slugs.get(slug)
            return None if api is None else f"{base}{api}.md"

        return resolve

    def rewrite(self, text: str, page: Page, line: int, base: str = "../api/") -> str:
        dropped: list[str] = []
        result = fsp_map.rewrite_links(text, self.resolve(base), dropped)
        for image in dropped:
            self.report.unmapped.append(f"{self.where(page, line)}: image dropped: {image}")
        return result

    def api_page(self, page: Page, api: str, kind: str) -> None:
        summary = "\n\n".join(self.rewrite(p.text, page, p.line, base="") for p in page.intro)
        if not summary:
            summary = (
                f"`{api.rsplit('.', 1)[-1]}` is a {kind} in the `{api.rpartition('.')[0]}` module."
            )
            self.report.unmapped.append(
                f"{self.where(page, 1)}: no introduction; a one-line summary was written"
            )
        examples = [e for e in (self.example(page, raw) for raw in page.examples) if e]
        self.apis[api] = {"api": api, "kind": kind, "summary": summary, "examples": examples}
        self.report.api_pages += 1
        for paragraph in page.trailing:
            self.report.unmapped.append(
                f"{self.where(page, paragraph.line)}: text outside any example was left out: "
                f"{paragraph.text.splitlines()[0][:60]}"
            )

    def example(self, page: Page, raw: RawExample) -> dict[str, Any] | None:
        texts = [p.text for p in raw.paragraphs]
        source = fsp_map.split_source(raw.url) if raw.url else None
        repo = source.repo if source else None
        if repo is None and texts:
            first = fsp_map.first_link(texts[0])
            repo = fsp_map.repo_url(first) if first else None
        if repo is None:
            self.report.unmapped.append(
                f"{self.where(page, raw.line)}: example without a repository link; not imported"
            )
            return None
        project = self.project(repo)
        crumb = [part.strip() for part in (raw.breadcrumb or "").split("/")]
        project.names[raw.heading or crumb[0] or repo.rsplit("/", 1)[-1]] += 1
        licensed = fsp_map.license_paragraph(texts)
        self.describe(project, page, raw.paragraphs, licensed)
        if source is None:
            file = "/".join(crumb[1:])
            if not file:
                self.report.unmapped.append(
                    f"{self.where(page, raw.line)}: example names no file; not imported"
                )
                return None
            self.report.unmapped.append(
                f"{self.where(page, raw.line)}: the breadcrumb has no link; file taken from its "
                f"text ({file}) and ref from the project's other links"
            )
            ref = ""
        else:
            file, ref = source.file, source.ref
            project.refs[ref] += 1
            named = "/".join(p for p in crumb[1:] if p != ".")
            if named and named != file:
                self.report.crumbs.append(
                    f"{self.where(page, raw.line)}: breadcrumb names {named}, link is {file}"
                )
        lines, highlight = fsp_map.strip_highlights(raw.code)
        if lines and fsp_map.is_file_label(lines[0], file):
            # the page's own caption naming the file: no upstream file holds it
            lines = lines[1:]
            highlight = [n - 1 for n in highlight if n > 1]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
            highlight = [n - 1 for n in highlight if n > 1]
        if not lines:
            self.report.unmapped.append(f"{self.where(page, raw.line)}: empty code block")
            return None
        entry: dict[str, Any] = {"project": repo, "file": file, "ref": ref}
        if highlight:
            entry["highlight"] = [n for n in highlight if n <= len(lines)]
        extra = [
            self.rewrite(p.text, page, p.line)
            for i, p in enumerate(raw.paragraphs)
            if i != 0 and i != licensed
        ]
        if extra:
            entry["description"] = "\n\n".join(extra)
        entry["code"] = "\n".join(lines) + "\n"
        self.report.examples += 1
        return entry

    def project(self, repo: str) -> _Project:
        key = repo.lower()
        if key not in self.projects:
            self.projects[key] = _Project(repo, order=len(self.projects))
        return self.projects[key]

    def describe(
        self, project: _Project, page: Page, found: list[Paragraph], licensed: int | None
    ) -> None:
        if found:
            first = found[0].text
            span = fsp_map.license_sentence(first) if licensed == 0 else None
            if span and span[0] > 0:
                # the license sentence ends the description; the page states the license anyway
                first = first[: span[0]] + first[span[1] :]
            project.descriptions.append(self.rewrite(first, page, found[0].line))
        if licensed is not None:
            text = found[licensed].text
            span = fsp_map.license_sentence(text)
            sentence = " ".join((text[span[0] : span[1]] if span else text).split())
            spdx = (span and fsp_map.license_id(span[2])) or fsp_map.license_id(sentence)
            if spdx:
                project.licenses[spdx] += 1
            else:
                project.license_texts.append(sentence)

    def hub_page(self, page: Page) -> None:
        library = page.path.parent.name if page.path.parent != self.source else page.slug
        if id_problem(library, "libraries") is not None:
            # the id names a file under libraries/: a '/' or '..' would reach other files
            self.report.unmapped.append(
                f"{self.where(page, 1)}: '{library}' cannot be a library id (use lowercase "
                "letters, digits, '.', '_' and '-', no '/' or '..'); page not imported"
            )
            return
        name = page.title.split()[0].rstrip(",")
        summary = "\n\n".join(self.rewrite(p.text, page, p.line) for p in page.intro)
        existing = self.libraries.get(library)
        if existing is None or "extensions" in page.slug:
            self.libraries[library] = {
                "name": name,
                "homepage": f"{fsp_map.SITE}/{library}.html",
                "summary": summary or f"Example code that uses {name}.",
            }
        for section in page.sections:
            texts = [p.text for p in section.paragraphs]
            links = [fsp_map.repo_url(u) for t in texts for u in _urls(t)]
            repo = next((r for r in links if r), None)
            if repo is None:
                self.report.unmapped.append(
                    f"{self.where(page, section.line)}: hub entry '{section.name}' links no "
                    "repository; not imported as a project"
                )
                continue
            known = repo.lower() in self.projects
            project = self.project(repo)
            if not known:
                project.names[section.name] += 1
            self.describe(project, page, section.paragraphs, fsp_map.license_paragraph(texts))

    def finish_projects(self) -> None:
        taken: set[str] = set()
        for project in sorted(self.projects.values(), key=lambda p: p.order):
            name = project.names.most_common(1)[0][0]
            pid = fsp_map.slug(name)
            if pid in taken:
                pid = fsp_map.slug(f"{name}-{project.repo.split('/')[-2]}")
            taken.add(pid)
            project.id = pid
        for api in self.apis.values():
            for example in api["examples"]:
                project = self.projects[example["project"].lower()]
                example["project"] = project.id
                if not example["ref"]:
                    example["ref"] = project.refs.most_common(1)[0][0] if project.refs else "HEAD"
        self.report.projects = len(self.projects)

    def project_data(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for project in self.projects.values():
            name = project.names.most_common(1)[0][0]
            if project.licenses:
                license = project.licenses.most_common(1)[0][0]
            else:
                license = fsp_map.NOT_STATED
                stated = project.license_texts[0] if project.license_texts else "no license link"
                self.report.licenses[project.id] = stated
            descriptions = Counter(project.descriptions)
            description = (
                descriptions.most_common(1)[0][0] if descriptions else f"The {name} project."
            )
            result[project.id] = {
                "name": name,
                "repo": project.repo,
                "license": license,
                "description": description,
            }
        return result


def _text(found: list[Paragraph]) -> str:
    return "\n\n".join(p.text for p in found)


def _urls(text: str) -> list[str]:
    return [m.group("url") for m in fsp_map._MD_LINK.finditer(text)]


def import_fsp(source: Path, out: Path) -> Report:
    """Convert the pages under `source` into content YAML under `out`; return the report."""
    importer = _Importer(source)
    importer.run()
    projects = importer.project_data()
    write_content(out, apis=importer.apis, projects=projects, libraries=importer.libraries)
    importer.report.libraries = len(importer.libraries)
    return importer.report
