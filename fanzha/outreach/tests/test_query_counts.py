from datetime import date

from fanzha.outreach.models import Activity
from fanzha.outreach.pledges import sign_electronically
from fanzha.people.models import Household


def test_list_pages_do_not_query_per_row(world, client_for, django_assert_max_num_queries):
    for i in range(30):
        Activity.objects.create(
            title=f"活动{i}",
            category="community",
            forms="|banner|",
            held_on=date(2021, 3, 1),
            unit=world.offices["east"],
            place=world.places["east"],
            headcount=10,
        )
        household = Household.objects.create(code=f"q{i}", address="x", grid=world.grids["east"])
        sign_electronically(household, "张三")
    client = client_for(world.user("east_liaison"))
    client.get("/outreach/activities/")  # warm the session and caches
    with django_assert_max_num_queries(14):
        assert client.get("/outreach/activities/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/outreach/pledges/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/outreach/venues/").status_code == 200
