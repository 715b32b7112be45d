"""The previous site, kept aside until a build has written the new one.

MkDocs empties `site_dir` before it writes anything, so a build that fails while writing (a
full disk, a size limit, a plugin's error, a warning under `--strict`) would leave half a site.
The plugin moves the old site aside first (one rename) and puts it back when the build fails;
when the command ends well, the old site is removed, as MkDocs would have removed it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


class KeptSite:
    """The site of the last build, renamed to a hidden folder beside `site_dir` meanwhile."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.aside = site_dir.parent / f".{site_dir.name}.previous"
        self.held = False

    def set_aside(self) -> None:
        """Rename the site out of MkDocs' way; a site that cannot be renamed stays in place."""
        site = self.site_dir
        if not site.is_dir() or site.is_symlink() or os.path.ismount(site):
            return  # a link or a mount point is the maintainer's setup: leave it as it is
        # a build killed before it ended left the older site here: this one replaces it
        shutil.rmtree(self.aside, ignore_errors=True)
        try:
            os.rename(site, self.aside)
        except OSError as e:
            log.info("the previous site stays in place while building (%s)", e.strerror)
            return
        self.held = True

    def restore(self) -> None:
        """Put the previous site back in place of what the failed build wrote."""
        if not self.held:
            return
        self.held = False
        shutil.rmtree(self.site_dir, ignore_errors=True)
        try:
            os.rename(self.aside, self.site_dir)
        except OSError as e:
            log.warning(
                "the previous site is kept in %s: it could not be put back (%s)",
                self.aside,
                e.strerror,
            )

    def drop(self) -> None:
        """Remove the previous site once the new one is complete."""
        if self.held:
            self.held = False
            shutil.rmtree(self.aside, ignore_errors=True)
