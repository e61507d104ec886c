import pytest
from django.core.exceptions import ValidationError

from fanzha.outreach.choices import PledgeMethod
from fanzha.outreach.coverage import pledge_coverage, pledge_coverage_by_grid, pledge_rate
from fanzha.outreach.models import Pledge
from fanzha.outreach.pledges import AlreadySigned, sign_electronically
from fanzha.outreach.tests.helpers import jpeg_with_gps, pdf_text
from fanzha.people.models import Household


def _second_household(world, side):
    return Household.objects.create(code=f"{side}-h2", address="2号", grid=world.grids[side])


def test_it_signs_electronically_once(world):
    household = world.households["east"]
    pledge = sign_electronically(household, " 张三 ", channel="portal")
    assert pledge.method == PledgeMethod.ELECTRONIC
    assert pledge.signer_name == "张三" and pledge.grid == world.grids["east"]
    with pytest.raises(AlreadySigned):
        sign_electronically(household, "李四")
    assert Pledge.objects.filter(household=household).count() == 1


def test_it_refuses_an_empty_signer(world):
    with pytest.raises(ValidationError, match="签署人"):
        sign_electronically(world.households["east"], "  ")


def test_it_computes_coverage_by_unit_and_grid(world):
    _second_household(world, "east")
    sign_electronically(world.households["east"], "张三")
    assert str(pledge_rate(world.offices["east"])) == "0.5000"
    assert str(pledge_rate(world.communities["east"])) == "0.5000"
    assert pledge_rate(world.offices["west"]) == 0
    assert pledge_rate(world.sectors["tax"]) is None  # a sector unit has no households
    cov = pledge_coverage(world.district)
    assert (cov.households, cov.signed, cov.electronic) == (3, 1, 1)
    rows = {
        r.grid_name: r for r in pledge_coverage_by_grid(world.grids["east"].__class__.objects.all())
    }
    assert rows["东苑社区第一网格"].signed == 1 and rows["东苑社区第一网格"].households == 2


def test_it_records_a_paper_pledge_with_its_scan(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/pledges/add/",
        {
            "household_code": "east-h1",
            "method": "paper",
            "signer_name": "张三",
            "signed_on": "2021-05-01",
            "scan": jpeg_with_gps(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pledge = Pledge.objects.get(household=world.households["east"])
    assert pledge.method == "paper" and pledge.recorded_by == world.user("east_liaison")
    upload = pledge.uploads.get()
    assert client.get(f"/outreach/files/{upload.pk}/").status_code == 200
    west = client_for(world.user("west_liaison"))
    assert west.get(f"/outreach/files/{upload.pk}/").status_code == 404


def test_it_requires_the_scan_of_a_paper_pledge_and_writes_nothing(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/pledges/add/",
        {
            "household_code": "east-h1",
            "method": "paper",
            "signer_name": "张三",
            "signed_on": "2021-05-01",
        },
    )
    assert response.status_code == 200
    assert "上传" in response.content.decode()
    assert not Pledge.objects.exists()


def test_it_does_not_find_another_sides_household(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/pledges/add/",
        {
            "household_code": "west-h1",
            "method": "electronic",
            "signer_name": "王五",
            "signed_on": "2021-05-01",
        },
    )
    assert response.status_code == 200
    assert not Pledge.objects.exists()


def test_it_does_not_leak_pledges_across_sides(world, client_for):
    west = sign_electronically(world.households["west"], "王五")
    east = sign_electronically(world.households["east"], "张三")
    client = client_for(world.user("east_liaison"))
    listing = client.get("/outreach/pledges/").content.decode()
    assert "east-h1" in listing and "west-h1" not in listing
    assert client.get(f"/outreach/pledges/{west.pk}/").status_code == 404
    assert client.get(f"/outreach/pledges/{east.pk}/").status_code == 200
    export = client.get("/outreach/pledges/?export=xlsx")
    assert export.status_code == 200
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == ["east-h1"]
    coverage = client.get("/outreach/pledges/coverage/").content.decode()
    assert "东苑社区第一网格" in coverage and "西苑村第一网格" not in coverage


def test_it_prints_a_prefilled_pledge_form_only_in_scope(world, client_for):
    client = client_for(world.user("east_worker"))
    response = client.get(f"/outreach/households/{world.households['east'].pk}/pledge.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "east-h1" in text and "承诺书" in text
    assert (
        client.get(f"/outreach/households/{world.households['west'].pk}/pledge.pdf").status_code
        == 404
    )


def test_it_serves_coverage_by_api_only_for_visible_units(world, client_for):
    sign_electronically(world.households["east"], "张三")
    client = client_for(world.user("east_liaison"))
    data = client.get(f"/api/v1/outreach/units/{world.offices['east'].pk}/pledges").json()
    assert data["households"] == 1 and data["signed"] == 1 and data["rate"] == "1.0000"
    west = client.get(f"/api/v1/outreach/units/{world.offices['west'].pk}/pledges")
    assert west.status_code == 404


def test_it_lists_unsigned_households_and_prints_a_grids_forms(world, client_for):
    _second_household(world, "east")
    sign_electronically(world.households["east"], "张三")
    client = client_for(world.user("east_worker"))
    listing = client.get("/outreach/pledges/unsigned/").content.decode()
    assert "east-h2" in listing and "east-h1" not in listing and "west-h1" not in listing
    response = client.get(f"/outreach/pledges/forms.pdf?grid={world.grids['east'].pk}")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "east-h2" in text and "east-h1" not in text
    assert (
        client.get(f"/outreach/pledges/forms.pdf?grid={world.grids['west'].pk}").status_code == 404
    )
