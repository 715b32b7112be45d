"""The content's dead links in a MkDocs build, resolved with the site's own link settings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks.links import ABSOLUTE_ERROR, ABSOLUTE_RELATIVE_TO_DOCS, LinkRules
from ..errors import Problem
from ..render.linkcheck import link_problems

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from ..content.entries import Site
    from ..settings import Settings


def rules(config: MkDocsConfig) -> LinkRules:
    """How links resolve on the site: its URLs, its absolute-link option and its toc ids."""
    toc = config.mdx_configs.get("toc", {})
    absolute = config.validation.links.absolute_links
    return LinkRules(
        use_directory_urls=config.use_directory_urls,
        # `relative_to_docs` is the one value of the option below every log level
        absolute_links=ABSOLUTE_RELATIVE_TO_DOCS if int(absolute) < 0 else ABSOLUTE_ERROR,
        slugify=toc.get("slugify"),
        separator=toc.get("separator", "-"),
    )


def dead_links(
    site: Site,
    pages: dict[str, str],
    config: MkDocsConfig,
    *,
    content: Path,
    root: Path,
    settings: Settings,
    known: Iterable[str] = (),
) -> list[Problem]:
    """The content's dead links on the generated `pages`, errors (warnings under
    `snippet_errors: warn`); `known`: the files (paths in docs_dir) other plugins add."""
    return link_problems(
        site,
        pages,
        docs_dir=Path(config.docs_dir),
        content=content,
        rules=rules(config),
        root=root,
        severity="warning" if settings.snippet_errors == "warn" else "error",
        known=known,
    )
