"""The second layer against injected markup: every generated page's HTML through nh3.

The first layer (`checks.markdown`) refuses, with a location, Markdown fields that hold raw
HTML or link anywhere but http(s) and relative addresses. The plugin then passes every
generated page's HTML through nh3 with the allowlist below, so markup that reaches the page
some other way (a Markdown extension the site adds, say) is removed all the same.
"""

from __future__ import annotations

import nh3

from ..checks.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES


def clean_html(html: str) -> str:
    """`html` with every tag, attribute and URL scheme outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
