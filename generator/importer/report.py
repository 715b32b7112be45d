"""What an import did: counts, and every item that could not be mapped."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..wording import plural


@dataclass
class Report:
    """Counts and findings of one import, in page order."""

    pages: int = 0
    api_pages: int = 0
    examples: int = 0
    projects: int = 0
    libraries: int = 0
    unmapped: list[str] = field(default_factory=list)
    licenses: dict[str, str] = field(default_factory=dict)
    crumbs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The text the command prints at the end."""
        lines = [
            f"Imported {plural(self.pages, 'page')}: {plural(self.api_pages, 'API page')} with "
            f"{plural(self.examples, 'example')} from {plural(self.projects, 'project')}, and "
            f"{plural(self.libraries, 'library')} from "
            f"{plural(self.pages - self.api_pages, 'hub page')}."
        ]
        if self.licenses:
            lines.append(
                f"{plural(len(self.licenses), 'project')} "
                f"{'states' if len(self.licenses) == 1 else 'state'} no license the import can map "
                "(recorded as NOASSERTION; set the SPDX id from the repository's LICENSE file):"
            )
            lines += [f"  {pid}: {text}" for pid, text in sorted(self.licenses.items())]
        if self.crumbs:
            name = "names" if len(self.crumbs) == 1 else "name"
            lines.append(
                f"{plural(len(self.crumbs), 'breadcrumb')} {name} a different file than "
                f"{'it links' if len(self.crumbs) == 1 else 'they link'}:"
            )
            lines += [f"  {item}" for item in self.crumbs]
        if self.unmapped:
            lines.append(f"{plural(len(self.unmapped), 'item')} could not be mapped:")
            lines += [f"  {item}" for item in self.unmapped]
        return "\n".join(lines)
