"""`QuickSelect` writes exactly what Django's template-rendered `Select` writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from walletdesk.web.console.forms import InboxFilterForm
from walletdesk.web.widgets import QuickSelect

CHOICES: list[Any] = [
    ("", _("Any channel")),
    ("a&b", 'Tom & "Jerry" <b>'),
    (3, "three"),
    ("Group <1>", [("g1", "one"), ("g2", _("Unassigned"))]),
    ("last", "last"),
]


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "3", "g2", ["g1"], "missing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "required": True, "disabled": False}])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_same_markup_as_djangos_select(value: Any, attrs: Any, language: str) -> None:
    with override(language):
        quick = QuickSelect(choices=CHOICES, attrs={"data-x": 'say "hi"'})
        django = forms.Select(choices=CHOICES, attrs={"data-x": 'say "hi"'})
        assert quick.render("pick&me", value, attrs) == django.render("pick&me", value, attrs)


@pytest.mark.django_db
def test_the_inbox_filters_render_as_with_djangos_select() -> None:
    data = {"status": "all", "channel": "email", "assignee": "none", "order": "updated"}
    quick = InboxFilterForm(data)
    django = InboxFilterForm(data)
    for field in django.fields.values():
        if isinstance(field.widget, QuickSelect):
            plain = forms.Select()
            plain.choices = field.widget.choices
            field.widget = plain
    assert quick.is_valid()
    assert django.is_valid()
    assert [str(field) for field in quick] == [str(field) for field in django]
