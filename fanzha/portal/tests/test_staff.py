"""The staff side of the portal: the submissions list (scoped, with leak tests) and the
officers' QR codes."""

from __future__ import annotations

import io

import pytest

from fanzha.portal.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def submissions(world):
    east = Submission.objects.create(
        kind="report",
        community=world.communities["east"],
        grid=world.grids["east"],
        outcome="east-report",
    )
    west = Submission.objects.create(
        kind="report",
        community=world.communities["west"],
        grid=world.grids["west"],
        outcome="west-report",
    )
    anywhere = Submission.objects.create(kind="check", outcome="district-check")
    return east, west, anywhere


def test_it_lists_only_the_users_area(world, client_for, submissions):
    html = client_for(world.user("east_liaison")).get("/portal/submissions/").content.decode()
    assert "east-report" in html
    assert "west-report" not in html
    assert "district-check" not in html
    officer = client_for(world.user("west_officer")).get("/portal/submissions/").content.decode()
    assert "west-report" in officer and "east-report" not in officer


def test_it_shows_everything_to_the_leader(world, client_for, submissions):
    html = client_for(world.user("leader")).get("/portal/submissions/").content.decode()
    assert "east-report" in html and "west-report" in html and "district-check" in html


def test_it_exports_only_the_users_area(world, client_for, submissions):
    from openpyxl import load_workbook

    response = client_for(world.user("east_liaison")).get("/portal/submissions/?export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = {str(c.value) for row in book.active.iter_rows() for c in row}
    assert "east-report" in values
    assert "west-report" not in values


def test_it_gives_an_officer_a_printable_qr_code(world, client_for):
    response = client_for(world.user("east_officer")).get("/portal/qr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "/portal/o/" in html


def test_it_lets_the_administrator_print_any_officers_code(world, client_for):
    officer = world.user("west_officer")
    response = client_for(world.user("admin")).get(f"/portal/qr/?officer={officer.pk}")
    assert response.status_code == 200
    assert response.context["officer"] == officer


def test_it_refuses_a_qr_code_to_non_officers(world, client_for):
    assert client_for(world.user("east_liaison")).get("/portal/qr/").status_code == 403
    other = world.user("west_officer").pk
    # A liaison cannot ask for an officer's code either.
    assert (
        client_for(world.user("east_liaison")).get(f"/portal/qr/?officer={other}").status_code
        == 403
    )


def test_the_qr_code_points_to_the_officers_entry(world, client_for):
    from django.core import signing

    html = client_for(world.user("east_officer")).get("/portal/qr/").content.decode()
    token = html.split("/portal/o/")[1].split("/")[0]
    assert signing.loads(token, salt="fanzha.portal.officer-qr") == world.user("east_officer").pk
