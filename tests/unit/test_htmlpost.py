"""Post-processing of built HTML: the search view and compact output."""

from __future__ import annotations

from pathlib import Path

from example_pages.engine.htmlpost import compact, search_view

BLOCK = (
    '<div class="language-python highlight"><span class="filename">a.py</span><pre><span></span>'
    '<code><span class="hll"><span class="linenos" data-linenos="1 "></span>'
    '<span class="kn">import</span> <span class="nn">x</span>\n</span>'
    '<span class="n">y</span> <span class="o">=</span> '
    '<span class="s2">&quot;&lt;b&gt;&quot;</span>\n'
    "</code></pre></div>"
)


def test_search_view_keeps_only_the_code_text() -> None:
    html = f"<h2>Example</h2>\n<p>Text</p>\n{BLOCK}\n<p>After</p>"
    assert search_view(html) == (
        "<h2>Example</h2>\n<p>Text</p>\n"
        "<pre><code>import x\ny = &quot;&lt;b&gt;&quot;\n</code></pre>\n<p>After</p>"
    )


def test_compact_removes_indentation_but_not_inside_verbatim_elements() -> None:
    html = (
        "<body>\n    <nav>\n\n      <a href='/'>Home</a>\n    </nav>\n"
        "<pre>  keep\n    this</pre>\n  <script>\n  var a = `x\n   y`;\n</script>\n</body>"
    )
    assert compact(html) == (
        "<body>\n<nav>\n<a href='/'>Home</a>\n</nav>\n"
        "<pre>  keep\n    this</pre>\n<script>\n  var a = `x\n   y`;\n</script>\n</body>"
    )


def test_built_code_blocks_survive_compacting(default_site: Path) -> None:
    html = (default_site / "api/django.dispatch.Signal/index.html").read_text()
    assert compact(html) == html  # the build already compacted it
    # indentation inside code is kept (the copy-button browser test checks the whole text)
    assert '</span>        <span class="s2">"history_instance"</span>' in html
