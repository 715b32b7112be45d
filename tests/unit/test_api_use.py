"""Which snippet lines import or use the page's API: imports and scopes resolved."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from example_pages.checks.snippets import aliases_for, analyze
from tests.conftest import TESTS

API = "django.dispatch.Signal"

CASES = {
    "plain import and attribute chain": (
        "import django.dispatch\n\nsent = django.dispatch.Signal(\n    providing_args=[])\n",
        (1, 3),
    ),
    "from-import": ("from django.dispatch import Signal\n\nsent = Signal()\n", (1, 3)),
    "alias of the name": ("from django.dispatch import Signal as S\nsent = S()\n", (1, 2)),
    "alias of the module": ("import django.dispatch as dd\nsent = dd.Signal()\n", (1, 2)),
    "parent module imported by name": (
        "from django import dispatch\nsent = dispatch.Signal()\n",
        (1, 2),
    ),
    "multi-line import names the alias line": (
        "from django.dispatch import (\n    receiver,\n    Signal,\n)\nsent = Signal()\n",
        (3, 5),
    ),
    "decorator": (
        "from django.dispatch import Signal\n\n@Signal.connect\ndef handler():\n    pass\n",
        (1, 3),
    ),
    "subclass": (
        "import django.dispatch\n\nclass Mine(django.dispatch.Signal):\n    pass\n",
        (1, 3),
    ),
    "shadowed by a parameter": (
        "from django.dispatch import Signal\n\ndef build(Signal):\n    return Signal()\n",
        (1,),
    ),
    "rebound at module level": (
        "from django.dispatch import Signal\nSignal = object\nsent = Signal()\n",
        (1,),
    ),
    "same name from elsewhere": ("from blinker import Signal\nsent = Signal()\n", ()),
    "no use": ("import os\nprint(os.getcwd())\n", ()),
    "star import": ("from django.dispatch import *\nsent = Signal()\n", (2,)),
    "import left out of an excerpt": ("# ...\nsent = dispatch.Signal()\n", (2,)),
    "use across elided chunks": (
        "from django.dispatch import Signal\n# ...\nclass A:\n    # ...\n    s = Signal()\n",
        (1, 5),
    ),
}


@pytest.mark.parametrize(("code", "expected"), list(CASES.values()), ids=list(CASES))
def test_use_lines(code: str, expected: tuple[int, ...]) -> None:
    analysis = analyze(code, API)
    assert analysis.issues == ()
    assert analysis.use_lines == expected


def test_decorator_function_api() -> None:
    code = (
        "from django.dispatch import receiver\n\n@receiver(post_save)\ndef f(sender):\n    pass\n"
    )
    assert analyze(code, "django.dispatch.receiver").use_lines == (1, 3)


def test_module_api_counts_attribute_uses() -> None:
    code = "from django import forms\n\nclass F(forms.Form):\n    name = forms.CharField()\n"
    assert analyze(code, "django.forms").use_lines == (1, 3, 4)


def test_names_collects_resolved_dotted_names_for_cross_links() -> None:
    code = "from django.db import models\n\nclass A(models.Model):\n    x = models.CharField()\n"
    names = analyze(code, "django.db.models.Model").names
    assert {"django.db.models.Model", "django.db.models.CharField"} <= names


USE_CASES = yaml.safe_load((TESTS / "cases" / "uses.yml").read_text())


@pytest.mark.parametrize("case", USE_CASES, ids=[case["name"] for case in USE_CASES])
def test_use_cases(case: dict[str, Any]) -> None:
    aliases = tuple(tuple(pair) for pair in case.get("aliases", []))
    analysis = analyze(case["code"], case["api"], aliases=aliases)
    assert analysis.issues == ()
    assert list(analysis.use_lines) == case["uses"]


def test_aliases_are_part_of_the_memo_key() -> None:
    code = "from werkzeug.exceptions import BadRequest\nraise BadRequest()\n"
    api = "flask.app.BadRequest"
    assert analyze(code, api).use_lines == ()
    pair = (("werkzeug.exceptions.BadRequest", api),)
    assert analyze(code, api, aliases=pair).use_lines == (1, 2)
    assert analyze(code, api).use_lines == ()


def test_aliases_for_keeps_the_pairs_that_bear_on_the_api() -> None:
    pairs = (
        ("django.contrib.admin.site", "django.contrib.admin.sites"),
        ("django.http.response", "django.http"),
        ("werkzeug.exceptions.BadRequest", "flask.app.BadRequest"),
    )
    assert aliases_for("django.http.HttpResponse", pairs) == (pairs[1],)
    assert aliases_for("django.contrib.admin", pairs) == (pairs[0],)
    assert aliases_for("flask.app.Flask", pairs) == ()
