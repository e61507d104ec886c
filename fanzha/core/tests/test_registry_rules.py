"""Rules of the registry: identifiers masked and encrypted, reveals and exports audited, the
protection circle limited to 8, changes logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.people.models import Resident
from fanzha.registrations.models import Registration
from fanzha.registrations.protection import add_family_member, register


@pytest.mark.django_db
def test_identifiers_are_encrypted_at_rest(world):
    phone = world.phones["east"][0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_cipher, phone_cipher, id_mask, phone_mask FROM people_resident")
        rows = cursor.fetchall()
    flat = " ".join(" ".join(map(str, r)) for r in rows)
    assert phone not in flat
    assert phone[:3] + "****" + phone[-4:] in flat


@pytest.mark.django_db
def test_pages_show_masks_not_numbers(world, client_for):
    resident = world.residents["east"][0]
    page = (
        client_for(world.user("east_liaison"))
        .get(reverse("people:resident_detail", args=[resident.pk]))
        .content.decode()
    )
    assert world.phones["east"][0] not in page
    assert resident.phone_mask in page
    assert resident.id_mask in page


@pytest.mark.django_db
def test_revealing_a_number_needs_a_reason_and_is_audited(world, client_for):
    resident = world.residents["east"][0]
    client = client_for(world.user("east_officer"))
    url = reverse("people:resident_reveal", args=[resident.pk, "phone"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert AccessRecord.objects.count() == 0
    response = client.post(url, {"reason": "核实预警"})
    assert world.phones["east"][0] in response.content.decode()
    record = AccessRecord.objects.get()
    assert (record.user, record.kind, record.field, record.reason) == (
        world.user("east_officer"),
        "reveal",
        "phone",
        "核实预警",
    )
    assert record.subject == resident.name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["east_liaison", "leader", "west_officer"])
def test_others_cannot_reveal(world, client_for, who):
    resident = world.residents["east"][0]
    url = reverse("people:resident_reveal", args=[resident.pk, "id_number"])
    response = client_for(world.user(who)).post(url, {"reason": "想看"})
    assert response.status_code in (403, 404)
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_every_export_is_audited(world, client_for):
    client_for(world.user("east_liaison")).get(reverse("people:resident_list") + "?export=xlsx")
    record = AccessRecord.objects.get()
    assert record.kind == "export"
    assert record.detail["rows"] == 3


@pytest.mark.django_db
def test_the_ninth_family_member_is_refused(world):
    registration = register(world.residents["east"][0], phone=world.phones["east"][0])
    for i in range(8):
        add_family_member(registration, name=f"成员{i}", relation="other", phone=f"1370013700{i}")
    with pytest.raises(ValidationError) as excinfo:
        add_family_member(registration, name="第九人", relation="other", phone="13600136000")
    assert "8" in str(excinfo.value)
    registration.refresh_from_db()
    assert registration.family_count == 8
    assert registration.protected_count == 9


@pytest.mark.django_db
def test_the_ninth_member_gets_a_clear_message_in_the_ui(world, client_for):
    registration = register(world.residents["east"][0], phone=world.phones["east"][0])
    for i in range(8):
        add_family_member(registration, name=f"成员{i}", relation="other", phone=f"1370013700{i}")
    response = client_for(world.user("east_worker")).post(
        reverse("registrations:family_add", args=[registration.pk]),
        {"name": "第九人", "relation": "other", "phone": "13600136000"},
    )
    assert response.status_code == 400
    assert "最多保护 8 名家庭成员" in response.content.decode()


@pytest.mark.django_db
def test_registered_and_protected_are_counted_separately(world, client_for):
    a = register(world.residents["east"][0], phone=world.phones["east"][0])
    register(world.residents["east"][1], phone=world.phones["east"][1])
    add_family_member(a, name="甲", relation="child", phone="13700137001")
    add_family_member(a, name="乙", relation="child", phone="13700137002")
    page = client_for(world.user("admin")).get(reverse("registrations:registration_list"))
    summary = dict(page.context["summary"])
    assert summary[next(k for k in summary if str(k) == "注册数")] == 2
    assert summary[next(k for k in summary if str(k) == "保护人数")] == 4


@pytest.mark.django_db
def test_a_phone_registers_once(world):
    register(world.residents["east"][0], phone=world.phones["east"][0])
    with pytest.raises(ValidationError):
        register(world.residents["east"][1], phone=world.phones["east"][0])
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_changes_are_logged_with_before_and_after(world, client_for):
    resident = world.residents["east"][0]
    client = client_for(world.user("east_liaison"))
    response = client.post(
        reverse("people:resident_edit", args=[resident.pk]),
        {
            "name": "新名字",
            "household": resident.household_id,
            "grid": resident.grid_id,
            "employer": "",
            "id_number": "",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ChangeRecord.objects.filter(model="people.resident", action="update").get()
    assert (
        record.before
        == {"name": resident.name, "employer_id": resident.employer_id, "tags": resident.tags}
        or record.before["name"] == resident.name
    )
    assert record.after["name"] == "新名字"
    assert record.user == world.user("east_liaison")
    assert "id_cipher" not in record.after


@pytest.mark.django_db
def test_uscc_override_is_for_administrators_and_audited(world, client_for):
    data = {
        "name": "老企业",
        "kind": "enterprise",
        "uscc": "91110000600037341A",
        "address": "一号",
        "grid": world.grids["east"].pk,
        "sector_unit": "",
        "contact_name": "",
        "contact_phone": "",
        "employees": 3,
        "uscc_override_reason": "营业执照原件核实",
    }
    liaison = client_for(world.user("east_liaison")).post(reverse("places:place_add"), data)
    assert liaison.status_code == 200  # form error, no override for a liaison
    assert "统一社会信用代码" in liaison.content.decode()
    admin = client_for(world.user("admin")).post(reverse("places:place_add"), data)
    assert admin.status_code == 302
    record = AccessRecord.objects.get(kind="override")
    assert record.reason == "营业执照原件核实"


@pytest.mark.django_db
def test_search_finds_exact_phone_and_id(world, client_for):
    resident = world.residents["east"][1]
    client = client_for(world.user("east_liaison"))
    by_phone = client.get(reverse("people:resident_list") + f"?q=%2B86{world.phones['east'][1]}")
    assert list(by_phone.context["object_list"]) == [resident]
    by_id = client.get(reverse("people:resident_list") + f"?q={resident.reveal('id_number')}")
    assert list(by_id.context["object_list"]) == [resident]
    by_name = client.get(reverse("people:resident_list") + f"?q={resident.name}")
    assert resident in by_name.context["object_list"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "people:resident_list",
        "people:household_list",
        "places:place_list",
        "registrations:registration_list",
        "registrations:appinstall_list",
        "org:grid_list",
        "org:unit_list",
    ],
)
def test_list_queries_do_not_grow_with_page_size(
    world, client_for, name, django_assert_max_num_queries
):
    from fanzha.people.models import Household
    from fanzha.registrations.models import AppInstall

    for i, r in enumerate(Resident.objects.all()):
        register(r, phone=world.phones["east" if r.grid == world.grids["east"] else "west"][i % 3])
        AppInstall.objects.create(resident=r)
    for i in range(30):
        Household.objects.create(code=f"x{i}", address="a", grid=world.grids["east"])
    client = client_for(world.user("admin"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name) + "?per_page=5").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name) + "?per_page=200").status_code == 200
