"""Notice pages: issue, delivery log, downloads, leaks."""

import pytest
from django.urls import reverse

from fanzha.notices import documents
from fanzha.notices.models import Delivery, Notice

pytestmark = pytest.mark.django_db


def test_an_officer_issues_the_letter_and_logs_its_delivery(world, east_case, client_for):
    letter = Notice.objects.get(case=east_case)
    client = client_for(world.user("east_officer"))
    response = client.post(reverse("notices:notice_issue", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.number == 1 and letter.issued_by == world.user("east_officer")
    client.post(
        reverse("notices:delivery_add", args=[letter.pk]),
        {
            "event": "sent",
            "method": "hand",
            "at": "2021-05-27T09:00",
            "party": "王警官",
        },
    )
    client.post(
        reverse("notices:delivery_add", args=[letter.pk]),
        {
            "event": "received",
            "method": "hand",
            "at": "2021-05-27T10:00",
            "party": "企业办公室李某",
        },
    )
    log = list(Delivery.objects.filter(notice=letter).values_list("event", "party"))
    assert log == [("sent", "王警官"), ("received", "企业办公室李某")]
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "企业办公室李某" in page and letter.document_number in page


def test_downloads_have_the_right_type_and_name(world, east_case, client_for):
    letter = documents.issue(Notice.objects.get(case=east_case))
    client = client_for(world.user("east_liaison"))
    pdf = client.get(reverse("notices:notice_download", args=[letter.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in pdf["Content-Disposition"]
    docx = client.get(reverse("notices:notice_download", args=[letter.pk, "docx"]))
    assert docx.content[:2] == b"PK"
    assert (
        client.get(reverse("notices:notice_download", args=[letter.pk, "exe"])).status_code == 404
    )


def test_the_other_side_cannot_see_a_letter(world, east_case, west_case, client_for):
    west_letter = Notice.objects.get(case=west_case)
    east_letter = Notice.objects.get(case=east_case)
    for name in ("east_liaison", "east_worker", "east_officer", "tax_liaison"):
        client = client_for(world.user(name))
        assert client.get(west_letter.get_absolute_url()).status_code == 404, name
        for fmt in ("pdf", "docx"):
            url = reverse("notices:notice_download", args=[west_letter.pk, fmt])
            assert client.get(url).status_code == 404
        assert (
            client.post(reverse("notices:notice_issue", args=[west_letter.pk])).status_code == 404
        )
        listing = client.get(reverse("notices:notice_list")).context["object_list"]
        assert west_letter not in listing
        api = client.get("/api/v1/notices").json()
        assert west_letter.pk not in [n["id"] for n in api]
        assert client.get(f"/api/v1/notices/{west_letter.pk}").status_code == 404
    east_list = client_for(world.user("east_officer")).get(reverse("notices:notice_list"))
    assert list(east_list.context["object_list"]) == [east_letter]


def test_district_documents_stay_with_global_roles_until_issued(world, client_for):
    quarterly = documents.quarterly_notice(2021, 1)
    annual = documents.annual_notice(2020)
    liaison = client_for(world.user("east_liaison"))
    assert liaison.get(quarterly.get_absolute_url()).status_code == 404
    documents.issue(quarterly)
    assert liaison.get(quarterly.get_absolute_url()).status_code == 200
    assert liaison.get(annual.get_absolute_url()).status_code == 404
    assert client_for(world.user("leader")).get(annual.get_absolute_url()).status_code == 200
    # Only the administrator makes district documents; the leader cannot issue.
    assert liaison.get(reverse("notices:periodic_add")).status_code == 403
    leader = client_for(world.user("leader"))
    assert leader.post(reverse("notices:notice_issue", args=[annual.pk])).status_code == 403


def test_the_admin_creates_a_quarterly_notice_from_the_list(world, client_for):
    client = client_for(world.user("admin"))
    response = client.post(
        reverse("notices:periodic_add"), {"kind": "quarterly", "year": 2021, "quarter": 1}
    )
    notice = Notice.objects.get(kind="quarterly")
    assert response["Location"] == notice.get_absolute_url()
    bad = client.post(reverse("notices:periodic_add"), {"kind": "quarterly", "year": 2021})
    assert bad.status_code == 200 and "quarter" in bad.context["form"].errors
