"""The content's problems in the build's log: by file, each at its severity, and under
`mkdocs serve` only what changed since the last build."""

from __future__ import annotations

import logging

from ..errors import Problem, Reported, labels_needed


class ProblemLog:
    """Logs problem lists to `logger`; kept by the plugin across `mkdocs serve` rebuilds."""

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> None:
        self.logger = logger
        self.reported = Reported()

    def log(self, problems: list[Problem], *, serving: bool, strict: bool) -> None:
        """Log each problem at its severity, sorted by file; labelled where warnings are
        among them.

        A build logs them all. Under serve, a rebuild logs only those new since the last
        one, then those fixed, so the same hundreds of lines do not scroll past on every
        save; with --strict, which counts them, it logs them all.
        """
        since = False
        fixed: list[Problem] = []
        if strict or not serving:
            new = sorted(problems)
        else:
            since = self.reported.last is not None
            new, fixed = self.reported.changes(problems)
        labelled = labels_needed(problems)
        for problem in new:
            level = logging.ERROR if problem.severity == "error" else logging.WARNING
            self.logger.log(level, "%s", problem.line_text(labelled=labelled))
        for problem in fixed:
            self.logger.info("fixed: %s", problem.line_text(labelled=labelled))
        if since and (problems or fixed):
            self.logger.info("Since the last build: %d new, %d fixed.", len(new), len(fixed))
