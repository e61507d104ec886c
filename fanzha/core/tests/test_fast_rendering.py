"""The list page's parts rendered in Python (filter widgets, sidebar, table rows) give the same
markup as the templates did, escaped."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client

from fanzha.core.widgets import FastHiddenInput, FastSelect, FastTextInput


class Sample(forms.Form):
    name = forms.CharField(required=False, widget=FastTextInput)
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "---"), ("a", "<b>A</b>"), ("b&c", "B"), ("Group", [("g", "G")])],
        widget=FastSelect,
    )
    hidden = forms.CharField(required=False, widget=FastHiddenInput)


class Plain(forms.Form):
    name = forms.CharField(required=False)
    kind = forms.ChoiceField(required=False, choices=Sample.base_fields["kind"].choices)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)


@pytest.mark.parametrize(
    "data", [{}, {"name": '"><script>', "kind": "b&c", "hidden": "x'y"}, {"kind": "g"}]
)
def test_fast_widgets_render_what_django_renders(data):
    fast, plain = Sample(data), Plain(data)
    for name in ("name", "kind", "hidden"):
        assert str(fast[name]) == re.sub(r">\s+<", "><", str(plain[name])), name
    assert "<script>" not in str(fast["name"])
    assert "&lt;b&gt;A&lt;/b&gt;" in str(fast["kind"])


@pytest.mark.django_db
def test_the_residents_list_renders_its_sidebar_filters_and_rows(world):
    client = Client()
    client.force_login(world.user("east_liaison"))
    page = client.get("/people/residents/", {"grid": world.grids["east"].pk}).content.decode()
    assert '<a href="/people/residents/" aria-current="page">' in page
    assert page.count('aria-current="page"') == 1
    assert f'<option value="{world.grids["east"].pk}" selected>' in page
    resident = world.residents["east"][0]
    assert f'<td><a href="{resident.get_absolute_url()}">{resident.name}</a></td>' in page
    empty = client.get("/people/residents/", {"q": "no such person at all"}).content.decode()
    assert 'class="empty">暂无数据。</td>' in empty
