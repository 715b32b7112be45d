"""Web addresses of a repository's files and commits on its forge, from the repository's URL.

GitHub's shapes are the default; GitLab (gitlab.com and hosts named gitlab.*), Bitbucket and
Codeberg have their own. One home for these shapes: the pages' source links, the permalinks
of `examples.json` and the freshness lines all come from here.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def _forge(repo: str) -> tuple[str, str]:
    base = repo.rstrip("/").removesuffix(".git")
    host = urlsplit(base).netloc.lower()
    if host == "gitlab.com" or host.startswith("gitlab."):
        return base, "gitlab"
    if host == "bitbucket.org":
        return base, "bitbucket"
    if host == "codeberg.org":
        return base, "codeberg"
    return base, "github"


def blob_url(
    repo: str, ref: str, path: str, start: int | None = None, end: int | None = None
) -> str:
    """The web address of `path` at `ref` (a commit SHA for a permalink), with the lines
    `start`-`end` when known."""
    base, forge = _forge(repo)
    path, ref = quote(path, safe="/"), quote(ref, safe="/")
    if forge == "gitlab":
        url, lines = f"{base}/-/blob/{ref}/{path}", f"#L{start}-{end}"
    elif forge == "bitbucket":
        url, lines = f"{base}/src/{ref}/{path}", f"#lines-{start}:{end}"
    elif forge == "codeberg":
        url, lines = f"{base}/src/commit/{ref}/{path}", f"#L{start}-L{end}"
    else:
        url, lines = f"{base}/blob/{ref}/{path}", f"#L{start}-L{end}"
    if start is None:
        return url
    if end is None or end == start:
        return url + lines.split("-")[0].replace(":", "")
    return url + lines


def tree_url(repo: str, sha: str) -> str:
    """The web address of the repository's files at commit `sha`."""
    base, forge = _forge(repo)
    sha = quote(sha, safe="")
    if forge == "gitlab":
        return f"{base}/-/tree/{sha}"
    if forge == "bitbucket":
        return f"{base}/src/{sha}"
    if forge == "codeberg":
        return f"{base}/src/commit/{sha}"
    return f"{base}/tree/{sha}"
