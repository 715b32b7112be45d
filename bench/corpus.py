"""A synthetic content folder with Full Stack Python's shape, generated from a seed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from bench.codegen import Snippet, words

LIBRARIES = words(
    "django flask sqlalchemy jinja2 werkzeug celery requests click marshmallow "
    "pyramid tornado redis pandas numpy pytest boto3"
)
MODULE_WORDS = words(
    "core db models fields http views forms utils conf urls auth contrib cache "
    "signals template middleware sessions serializers query sql engine orm schema "
    "types response helpers routing testing wrappers exceptions handlers backends "
    "storage files mail admin security encoding timezone dates text functional "
    "decorators validators widgets loader context events pool dialects ext "
    "declarative blueprints debug globals"
)
CLASS_WORDS = words(
    "Http Response Field Char Model Form View Query Cache Signal Json Url Path "
    "Template Engine Table Column Boolean Integer Date Manager Router Blueprint "
    "Validator Widget Loader Context Handler Backend Storage Mail Admin Error "
    "Redirect Stream Lazy Safe Detail List Create Delete Permission Group Formset "
    "Choice Foreign Key Meta Option"
)
FUNCTION_VERBS = words("reverse render make create escape format redirect abort flash select")
FUNCTION_NOUNS = words("object url template string safe query response json field list view")
# Examples per page: most pages have 1-3, a few up to 30; the mean is about 2.5.
EXAMPLE_COUNTS = [(1, 0.44), (2, 0.27), (3, 0.15), (4, 0.05), (5, 0.03)]
EXAMPLE_TAIL = [(range(6, 11), 0.04), (range(11, 31), 0.02)]
MODULES_PER_LIBRARY = 40
PAGES_PER_LIBRARY = 130
FSP_PAGES, FSP_PROJECTS = 520, 120
# Snippet lengths in lines, by corpus shape: Full Stack Python's, and one of longer snippets.
SHAPES = {"fsp": (10, 60), "long": (20, 75)}


@dataclass(frozen=True)
class Corpus:
    """What was generated: the content folder and its counts."""

    content: Path
    apis: tuple[str, ...]
    examples: int
    projects: int
    libraries: int


def example_count(rng: random.Random) -> int:
    roll = rng.random()
    for count, weight in EXAMPLE_COUNTS:
        if roll < weight:
            return count
        roll -= weight
    for span, weight in EXAMPLE_TAIL:
        if roll < weight:
            return rng.choice(span)
        roll -= weight
    return 1


def library_names(count: int) -> list[str]:
    names = list(LIBRARIES[:count])
    return names + [f"library{i:02d}" for i in range(len(names) + 1, count + 1)]


def modules_of(rng: random.Random, library: str) -> list[str]:
    modules: set[str] = set()
    while len(modules) < MODULES_PER_LIBRARY:
        words = rng.sample(MODULE_WORDS, 1 if rng.random() < 0.4 else 2)
        modules.add(".".join([library, *words]))
    return sorted(modules)


def api_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """`n` distinct (dotted name, kind) pairs spread over libraries of about 40 modules."""
    libraries = library_names(max(1, round(n / PAGES_PER_LIBRARY)))
    modules = [m for lib in libraries for m in modules_of(rng, lib)]
    seen: set[str] = set()
    names: list[tuple[str, str]] = []
    while len(names) < n:
        module = rng.choice(modules)
        if rng.random() < 0.65:
            name, kind = "".join(rng.sample(CLASS_WORDS, 2)), "class"
        else:
            name = f"{rng.choice(FUNCTION_VERBS)}_{rng.choice(FUNCTION_NOUNS)}"
            kind = "function"
        api = f"{module}.{name}"
        if api.lower() not in seen:
            seen.add(api.lower())
            names.append((api, kind))
    return names


def project_yaml(number: int) -> str:
    name = f"project-{number:03d}"
    lines = [
        "# yaml-language-server: $schema=../../schemas/project.schema.json",
        f"name: {name}",
        f"repo: https://example.com/{name}",
        "license: MIT",
        "description: >-",
        f"  A made-up project of the benchmark corpus, number {number}, whose code",
        "  shows the APIs the way applications call them.",
    ]
    if number % 2:
        lines += ["links:", f"  Homepage: https://example.com/{name}/"]
    return "\n".join(lines) + "\n"


def library_yaml(library: str) -> str:
    return (
        f"name: {library.capitalize()}\n"
        f"homepage: https://example.com/libraries/{library}/\n"
        f"summary: >-\n  The {library} library, as the benchmark corpus names it.\n"
    )


def api_yaml(
    rng: random.Random, api: str, kind: str, projects: int, shape: str = "fsp"
) -> tuple[str, int]:
    name = api.rpartition(".")[2]
    lines = [
        "# yaml-language-server: $schema=../../schemas/api.schema.json",
        f"api: {api}",
        f"kind: {kind}",
        "summary: >-",
        f"  `{name}` is a {kind} of the `{api.rpartition('.')[0]}` module. The examples",
        "  below show how applications import it and call it, with the lines that use",
        "  it highlighted.",
        "examples:",
    ]
    count = example_count(rng)
    for _ in range(count):
        project = rng.randint(1, projects)
        package = f"project_{project:03d}"
        module = rng.choice(["views", "models", "utils", "forms", "api", "tasks", "admin"])
        lines += [
            f"  - project: project-{project:03d}",
            f"    file: {package}/{rng.choice(['', 'core/', 'app/'])}{module}.py",
            f"    ref: {rng.getrandbits(160):040x}",
            f"    line: {rng.randint(1, 400)}",
        ]
        if rng.random() < 0.2:
            lines.append(f"    description: {json.dumps(f'How {package} uses {name}.')}")
        shortest, longest = SHAPES[shape]
        target = rng.randint(shortest, longest)
        code = Snippet(rng, api, kind).text(target, shortest=shortest, longest=longest)
        lines.append("    code: |")
        lines += [f"      {line}" if line else "" for line in code.splitlines()]
        lines.append("")
    return "\n".join(lines), count


def generate(content: Path, n: int, *, seed: int = 520, shape: str = "fsp") -> Corpus:
    """Write `n` API pages with their projects and libraries under `content`.

    Every snippet shows line numbers and highlights the lines that use its API; `shape`
    picks the snippet lengths (`SHAPES`).
    """
    rng = random.Random(f"{seed}:{n}" if shape == "fsp" else f"{seed}:{n}:{shape}")
    projects = max(3, round(n * FSP_PROJECTS / FSP_PAGES))
    names = api_names(rng, n)
    libraries = sorted({api.split(".")[0] for api, _ in names})
    for folder in ("apis", "projects", "libraries"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for number in range(1, projects + 1):
        (content / "projects" / f"project-{number:03d}.yml").write_text(project_yaml(number))
    for library in libraries:
        (content / "libraries" / f"{library}.yml").write_text(library_yaml(library))
    examples = 0
    for api, kind in names:
        text, count = api_yaml(rng, api, kind, projects, shape)
        (content / "apis" / f"{api}.yml").write_text(text)
        examples += count
    return Corpus(content, tuple(sorted(a for a, _ in names)), examples, projects, len(libraries))
