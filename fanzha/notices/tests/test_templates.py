"""Templates: versioned, editable by the administrator, sandboxed; a broken one names the
problem and never gives a 500."""

import pytest
from django.urls import reverse

from fanzha.notices import documents
from fanzha.notices.choices import NoticeKind
from fanzha.notices.models import DocumentTemplate, Notice
from fanzha.notices.sandbox import TemplateProblem, render

pytestmark = pytest.mark.django_db


def test_it_names_the_line_of_a_syntax_error():
    with pytest.raises(TemplateProblem) as info:
        render("<p>第一行</p>\n<p>{% if %}</p>", {})
    assert "line 2" in str(info.value) or "第 2 行" in str(info.value)


@pytest.mark.parametrize(
    "source",
    [
        "{% load static %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
    ],
)
def test_it_refuses_tags_that_reach_outside_the_template(source):
    with pytest.raises(TemplateProblem) as info:
        render(source, {})
    assert "not allowed" in str(info.value) or "不允许" in str(info.value)


def test_it_escapes_values_and_keeps_plain_data():
    assert render("{{ name }}", {"name": "<b>x</b>"}) == "&lt;b&gt;x&lt;/b&gt;"


def test_it_makes_a_new_active_version_on_each_edit(world):
    admin = world.user("admin")
    v2 = documents.save_version(NoticeKind.LETTER, "<h1>{{ title }}</h1>", admin, "shorter")
    v3 = documents.save_version(NoticeKind.LETTER, "<h1>{{ title }}!</h1>", admin)
    versions = DocumentTemplate.objects.filter(kind=NoticeKind.LETTER)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2, 3]
    assert list(versions.filter(is_active=True)) == [v3]
    documents.activate(v2)
    assert documents.active_template(NoticeKind.LETTER) == v2


def test_the_admin_edits_a_template_and_a_broken_one_is_refused(world, client_for):
    client = client_for(world.user("admin"))
    url = reverse("notices:template_edit", args=["letter"])
    page = client.get(url)
    assert page.status_code == 200
    assert "red-header" in page.content.decode()
    bad = client.post(url, {"body": "<p>{{ title }}</p>\n{% for x in %}", "save": "1"})
    assert bad.status_code == 200
    assert "line 2" in bad.content.decode() or "第 2 行" in bad.content.decode()
    assert DocumentTemplate.objects.filter(kind="letter").count() == 1
    good = client.post(url, {"body": "<h1>{{ title }}</h1>", "note": "x", "save": "1"})
    assert good.status_code == 302
    assert documents.active_template("letter").version == 2


def test_only_the_admin_edits_templates(world, client_for):
    for name in ("east_liaison", "east_officer", "leader"):
        client = client_for(world.user(name))
        assert client.get(reverse("notices:template_edit", args=["letter"])).status_code == 403


def test_a_broken_active_template_gives_a_clear_error_not_a_500(world, east_case, client_for):
    documents.active_template(NoticeKind.LETTER)
    DocumentTemplate.objects.filter(kind="letter", is_active=True).update(
        body="<p>ok</p>\n{% for x in 5 %}{{ x }}{% endfor %}"
    )
    letter = Notice.objects.get(case=east_case)
    client = client_for(world.user("east_officer"))
    for fmt in ("pdf", "docx"):
        response = client.get(reverse("notices:notice_download", args=[letter.pk, fmt]))
        assert response.status_code == 400
        assert "line 2" in response.content.decode() or "第 2 行" in response.content.decode()
    page = client.get(letter.get_absolute_url())
    assert page.status_code == 200
    assert 'id="template-problem"' in page.content.decode()
    issue = client.post(reverse("notices:notice_issue", args=[letter.pk]))
    assert issue.status_code == 400
    letter.refresh_from_db()
    assert letter.number is None
