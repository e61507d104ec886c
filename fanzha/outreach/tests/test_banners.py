from datetime import date
from decimal import Decimal

from fanzha.outreach import banners
from fanzha.outreach.casefigures import Figures
from fanzha.outreach.coverage import banner_coverage
from fanzha.outreach.models import BannerHanging
from fanzha.outreach.tests.helpers import jpeg_with_gps, pdf_text
from fanzha.places.models import Place


def test_it_states_the_venues_own_figures_in_at_least_three_banners(world):
    place = world.places["east"]
    shown = banners.for_venue(place, 2021, Figures(14, Decimal("630000.00")))
    assert len(shown.banners) >= 3
    for text in shown.banners:
        assert "14" in text
    assert sum("630,000.00" in t for t in shown.banners) >= 3
    assert all("east测试企业有限公司" in t or "2021" in t for t in shown.banners)
    assert shown.slogans == []


def test_it_gives_scrolling_slogans_to_banks(world):
    bank = Place(name="东城农商银行", kind="bank", grid=world.grids["east"])
    bank.save()
    shown = banners.for_venue(bank, 2021)
    assert shown.banners == [] and len(shown.slogans) >= 3
    assert any("96110" in s for s in shown.slogans)


def test_it_reuses_templates_when_fewer_are_configured(world, settings):
    settings.FANZHA_VENUE_BANNER_TEXTS = [
        "{venue}{year}年发案{cases}起",
        "损失{loss}元",
        "{venue}反诈",
    ]
    shown = banners.for_venue(world.places["east"], 2021, Figures(2, Decimal("5000")))
    assert shown.banners == [
        "east测试企业有限公司2021年发案2起",
        "损失5,000.00元",
        "east测试企业有限公司反诈",
    ]


def test_it_prints_the_banners_pdf_with_the_figures(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.get(f"/outreach/venues/{world.places['east'].pk}/banners.pdf?year=2021")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "east测试企业有限公司" in text and "2021" in text
    assert client.get(f"/outreach/venues/{world.places['west'].pk}/banners.pdf").status_code == 404
    many = client.get("/outreach/venues/banners.pdf?year=2021")
    assert many.status_code == 200
    assert "west测试企业" not in pdf_text(many.content)


def test_it_records_banners_hung_with_a_photo(world, client_for):
    client = client_for(world.user("east_liaison"))
    place = world.places["east"]
    too_few = client.post(
        f"/outreach/venues/{place.pk}/hang/?year=2021",
        {"hung_on": "2021-05-01", "count": 2, "photo": jpeg_with_gps()},
    )
    assert too_few.status_code == 400 and not BannerHanging.objects.exists()
    response = client.post(
        f"/outreach/venues/{place.pk}/hang/?year=2021",
        {"hung_on": "2021-05-01", "count": 3, "photo": jpeg_with_gps()},
    )
    assert response.status_code == 302
    hanging = BannerHanging.objects.get()
    assert (hanging.year, hanging.count, hanging.case_count) == (2021, 3, 0)
    assert len(hanging.texts) >= 3 and hanging.uploads.count() == 1
    assert banner_coverage(world.offices["east"], 2021).hung == 1
    assert banner_coverage(world.offices["west"], 2021).hung == 0
    assert banner_coverage(world.sectors["tax"], 2021).venues == 1
    west = client_for(world.user("west_liaison"))
    assert (
        west.post(
            f"/outreach/venues/{place.pk}/hang/?year=2021",
            {"hung_on": "2021-05-01", "count": 3, "photo": jpeg_with_gps()},
        ).status_code
        == 404
    )
    assert west.get(f"/outreach/files/{hanging.uploads.get().pk}/").status_code == 404


def test_it_does_not_leak_venues(world, client_for):
    client = client_for(world.user("east_liaison"))
    listing = client.get("/outreach/venues/?year=2021").content.decode()
    assert "east测试企业有限公司" in listing and "west测试企业有限公司" not in listing
    assert client.get(f"/outreach/venues/{world.places['west'].pk}/").status_code == 404
    api = client.get(f"/api/v1/outreach/venues/{world.places['east'].pk}/banners?year=2021")
    assert api.status_code == 200 and len(api.json()["banners"]) >= 3
    assert (
        client.get(f"/api/v1/outreach/venues/{world.places['west'].pk}/banners").status_code == 404
    )
    assert date.today().year >= 2021


def test_it_reads_the_venues_own_figures_from_the_case_register(world, client_for):
    from fanzha.cases.tests.factories import CaseFactory, aware

    employee = world.residents["east"][0]  # works at the east enterprise
    CaseFactory(victim=employee, loss=Decimal("600000.00"))
    CaseFactory(victim=employee, loss=Decimal("30000.00"), reported_at=aware(2021, 4, 2))
    CaseFactory(victim=employee, loss=Decimal("5.00"), status="void")  # never counts
    CaseFactory(victim=employee, loss=Decimal("7.00"), reported_at=aware(2020, 4, 2))
    CaseFactory(victim=world.residents["east"][1], loss=Decimal("99.00"))  # not employed there
    shown = banners.for_venue(world.places["east"], 2021)
    assert (shown.figures.cases, shown.figures.loss) == (2, Decimal("630000.00"))
    assert all("2" in t for t in shown.banners)
    assert sum("630,000.00" in t for t in shown.banners) >= 3
    client = client_for(world.user("east_liaison"))
    page = client.get(f"/outreach/venues/{world.places['east'].pk}/?year=2021").content.decode()
    assert 'id="venue-cases">2<' in page and "630,000.00" in page
    pdf = client.get(f"/outreach/venues/{world.places['east'].pk}/banners.pdf?year=2021")
    assert "630,000.00" in pdf_text(pdf.content)
    assert banners.for_venue(world.places["west"], 2021).figures.cases == 0
