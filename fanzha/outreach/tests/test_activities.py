from datetime import date

from fanzha.outreach.coverage import (
    activity_counts,
    activity_rows,
    card_in_six_into,
    place_coverage,
)
from fanzha.outreach.models import Activity
from fanzha.outreach.tests.helpers import jpeg_with_gps, png


def make_activity(world, side, **extra):
    fields = {
        "title": f"{side}反诈宣传",
        "category": "enterprise",
        "forms": "|banner|small_class|",
        "held_on": date(2021, 3, 1),
        "unit": world.offices[side],
        "place": world.places[side],
        "headcount": 40,
        "covers_card": False,
    }
    fields.update(extra)
    return Activity.objects.create(**fields)


def test_it_logs_an_activity_with_photos(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/activities/add/",
        {
            "title": "断卡进企业",
            "category": "enterprise",
            "form_codes": ["banner", "small_class"],
            "held_on": "2021-05-20",
            "unit": world.offices["east"].pk,
            "place": world.places["east"].pk,
            "headcount": 55,
            "materials": 200,
            "covers_card": "on",
            "photos": [jpeg_with_gps("a.jpg"), png("b.png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert activity.form_list == ["banner", "small_class"]
    assert activity.grid == world.grids["east"]  # from the place
    assert activity.covers_card and activity.headcount == 55
    assert activity.recorded_by == world.user("east_liaison")
    photos = list(activity.uploads.order_by("pk"))
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png"]
    assert client.get(f"/outreach/files/{photos[0].pk}/").status_code == 200
    assert (
        client_for(world.user("west_liaison")).get(f"/outreach/files/{photos[0].pk}/").status_code
        == 404
    )


def test_it_refuses_a_bad_photo_and_writes_nothing(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/activities/add/",
        {
            "title": "x",
            "category": "enterprise",
            "form_codes": ["banner"],
            "held_on": "2021-05-20",
            "unit": world.offices["east"].pk,
            "place": world.places["east"].pk,
            "headcount": 5,
            "materials": 0,
            "photos": [png(), SimpleUploadedFile("evil.png", b"MZ\x90\x00 not an image")],
        },
    )
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    assert not Activity.objects.exists()


def test_it_cannot_pick_another_sides_unit_or_place(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        "/outreach/activities/add/",
        {
            "title": "x",
            "category": "village",
            "form_codes": ["van"],
            "held_on": "2021-05-20",
            "unit": world.offices["west"].pk,
            "place": world.places["west"].pk,
            "headcount": 5,
            "materials": 0,
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_it_counts_activities_for_the_assessment(world):
    make_activity(world, "east", covers_card=True)
    make_activity(
        world,
        "east",
        category="community",
        held_on=date(2021, 4, 2),
        headcount=10,
        unit=world.communities["east"],
        place=None,
        grid=world.grids["east"],
    )
    make_activity(world, "east", held_on=date(2020, 4, 2))  # outside the period
    make_activity(world, "west", covers_card=True)
    counts = activity_counts(world.offices["east"], date(2021, 1, 1), date(2021, 12, 31))
    assert counts.total == 2 and counts.headcount == 50 and counts.covers_card == 1
    assert counts.by_category["enterprise"] == 1 and counts.by_category["community"] == 1
    assert counts.categories_reached == 2 and counts.places_covered == 1
    assert card_in_six_into(world.offices["east"], date(2021, 1, 1), date(2021, 12, 31))
    assert not card_in_six_into(world.offices["east"], date(2020, 1, 1), date(2020, 12, 31))
    rows = activity_rows(world.offices["east"], date(2021, 1, 1), date(2021, 12, 31))
    assert [(r.category, r.covers_card) for r in rows] == [
        ("enterprise", True),
        ("community", False),
    ]
    assert place_coverage(world.offices["east"], date(2021, 1, 1), date(2021, 12, 31)) == (1, 1)
    from fanzha.outreach import activity_counts as entry_point

    assert entry_point(world.offices["west"], date(2021, 1, 1), date(2021, 12, 31)).total == 1


def test_it_does_not_leak_activities(world, client_for):
    east = make_activity(world, "east")
    west = make_activity(world, "west")
    client = client_for(world.user("east_liaison"))
    listing = client.get("/outreach/activities/").content.decode()
    assert "east反诈宣传" in listing and "west反诈宣传" not in listing
    assert client.get(f"/outreach/activities/{west.pk}/").status_code == 404
    assert client.get(f"/outreach/activities/{west.pk}/edit/").status_code == 404
    assert client.get(f"/outreach/activities/{east.pk}/").status_code == 200
    api = client.get("/api/v1/outreach/activities").json()
    assert [a["id"] for a in api] == [east.pk]
    stats = client.get("/outreach/activities/stats/?start=2021-01-01&end=2021-12-31")
    text = stats.content.decode()
    assert "东城办事处" in text and "西城办事处" not in text and "西苑村第一网格" not in text


def test_a_sector_liaison_sees_activities_at_its_places(world, client_for):
    east = make_activity(world, "east")  # east place is in the tax sector
    make_activity(world, "west")  # west place is in the market sector
    api = client_for(world.user("tax_liaison")).get("/api/v1/outreach/activities").json()
    assert [a["id"] for a in api] == [east.pk]


def test_leaders_read_but_do_not_log(world, client_for):
    make_activity(world, "west")
    client = client_for(world.user("leader"))
    assert "west反诈宣传" in client.get("/outreach/activities/").content.decode()
    assert client.get("/outreach/activities/add/").status_code == 403
