"""What the preview shows while the content has errors: every problem, escaped."""

from __future__ import annotations

from example_pages.engine.preview import problems_html, with_problems
from example_pages.errors import Problem

HOSTILE = Problem("content/apis/a.b.yml", 3, 7, "unknown key '<script>alert(1)</script>'")


def test_every_problem_is_listed_with_its_place_and_escaped() -> None:
    template = Problem("", 0, 0, "api.md.j2:4: unexpected '}'; fix the template")
    assert problems_html([HOSTILE, template]) == (
        '<div class="admonition failure xp-problems" id="xp-problems">'
        '<p class="admonition-title">The content has 2 errors; fix them and this page '
        "reloads.</p><ul><li><code>content/apis/a.b.yml:3:7</code>: unknown key "
        "&#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;</li>"
        "<li>api.md.j2:4: unexpected &#x27;}&#x27;; fix the template</li></ul></div>"
    )


def test_a_theme_page_gets_the_list_at_the_start_of_its_article() -> None:
    page = '<body><nav>menu</nav><article class="md-content__inner">404</article></body>'
    shown = with_problems(page, [HOSTILE])
    assert shown.startswith('<body><nav>menu</nav><article class="md-content__inner"><div')
    assert shown.endswith("</ul></div>404</article></body>")
    assert "1 error; fix it" in shown
    assert with_problems("<p>bare</p>", [HOSTILE]).endswith("</div><p>bare</p>")
