"""The district administrator keeps the staff accounts: adds one with a first password that
meets the policy, sets role, unit and grids, deactivates, resets a password, a lost second
factor and a sign-in lockout; every change is in the change log without a password hash;
nobody else gets in; everyone changes their own password."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.accounts.models import User
from fanzha.audit.models import ChangeRecord
from fanzha.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

GOOD = "lantern-river-2046"
OTHER = "orchard-signal-7731"


def _new_worker(world, **extra):
    data = {
        "username": "zhang_wei",
        "display_name": "张伟",
        "role": "grid_worker",
        "unit": world.communities["east"].pk,
        "grids": [world.grids["east"].pk],
        "badge_number": "",
        "capacity": "5",
        "is_active": "on",
        "password1": GOOD,
        "password2": GOOD,
    }
    data.update(extra)
    return data


def _signs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.9.9.9"
    )
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_administrator_adds_a_grid_worker_who_then_signs_in(world, client_for):
    admin = client_for(world.user("admin"))
    response = admin.post("/accounts/staff/add/", _new_worker(world))
    assert response.status_code == 302
    user = User.objects.get(username="zhang_wei")
    assert response["Location"] == f"/accounts/staff/{user.pk}/"
    assert (user.role, user.unit, user.display_name) == (
        "grid_worker",
        world.communities["east"],
        "张伟",
    )
    assert list(user.grids.all()) == [world.grids["east"]]
    assert _signs_in("zhang_wei", GOOD)
    record = ChangeRecord.objects.get(model="accounts.user", object_id=str(user.pk))
    assert record.action == "create" and record.user == world.user("admin")
    assert record.after["role"] == "grid_worker" and record.after["grids"] == [
        world.grids["east"].code
    ]
    logged = json.dumps(record.after)
    assert "password" not in logged and user.password not in logged
    listing = admin.get("/accounts/staff/?q=张伟").content.decode()
    assert "zhang_wei" in listing and "east_liaison" not in listing


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password1": "short", "password2": "short"}, "password1", "密码长度太短"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "password1", "只包含数字"),
        ({"password2": OTHER}, "password2", "两次输入的密码不一致"),
        ({"unit": ""}, "unit", "请选择所属单位"),
        ({"role": "officer"}, "grids", "只有网格员"),
        ({"username": "east_liaison"}, "username", "已存在"),
    ],
)
def test_a_bad_new_account_is_refused_with_the_reason_and_nothing_is_created(
    world, client_for, change, field, message
):
    admin = client_for(world.user("admin"))
    before = User.objects.count()
    response = admin.post("/accounts/staff/add/", _new_worker(world, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page, page.split('class="error"')[1:]
    assert User.objects.count() == before
    assert not ChangeRecord.objects.filter(model="accounts.user").exists()


@pytest.mark.parametrize(
    "role", ["leader", "east_liaison", "east_worker", "east_officer", "tax_liaison"]
)
def test_nobody_but_the_administrator_keeps_accounts(world, client_for, role):
    client = client_for(world.user(role))
    target = world.user("east_worker")
    for url in (
        "/accounts/staff/",
        "/accounts/staff/add/",
        f"/accounts/staff/{target.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/accounts/staff/{target.pk}/",
        f"/accounts/staff/{target.pk}/password/",
        f"/accounts/staff/{target.pk}/second-factor/",
        f"/accounts/staff/{target.pk}/unlock/",
    ):
        data = {"new_password1": OTHER, "new_password2": OTHER, "role": "admin"}
        assert client.post(url, data).status_code == 403, url
    target.refresh_from_db()
    assert target.role == "grid_worker" and target.check_password(PASSWORD)


def test_the_administrator_cannot_make_anyone_a_superuser_or_give_permissions(world, client_for):
    from django.contrib.auth.models import Permission

    admin = client_for(world.user("admin"))
    reveal = Permission.objects.get(codename="reveal_identifiers")
    smuggled = {"is_superuser": "on", "is_staff": "on", "user_permissions": [reveal.pk]}
    assert admin.post("/accounts/staff/add/", _new_worker(world, **smuggled)).status_code == 302
    worker = world.user("east_worker")
    data = {
        "display_name": worker.display_name,
        "role": "grid_worker",
        "unit": worker.unit_id,
        "grids": [world.grids["east"].pk],
        "capacity": "5",
        "is_active": "on",
        **smuggled,
    }
    assert admin.post(f"/accounts/staff/{worker.pk}/", data).status_code == 302
    for user in (User.objects.get(username="zhang_wei"), User.objects.get(pk=worker.pk)):
        assert not (user.is_superuser or user.is_staff), user
        assert not user.user_permissions.exists() and not user.has_perm("people.reveal_identifiers")


def test_an_administrator_does_not_touch_a_superusers_account(world, client_for):
    root = User.objects.create_superuser("root", password=GOOD, role="admin")
    client = client_for(world.user("admin"))
    assert client.get(f"/accounts/staff/{root.pk}/").status_code == 403
    data = {"new_password1": OTHER, "new_password2": OTHER, "role": "leader", "capacity": "5"}
    for action in ("", "password/", "second-factor/", "unlock/"):
        assert client.post(f"/accounts/staff/{root.pk}/{action}", data).status_code == 403, action
    root.refresh_from_db()
    assert root.check_password(GOOD) and root.role == "admin" and root.is_active


def test_changing_role_unit_and_grids_is_logged_field_by_field(world, client_for):
    admin = client_for(world.user("admin"))
    worker = world.user("east_worker")
    page = admin.get(f"/accounts/staff/{worker.pk}/")
    assert page.status_code == 200 and 'id="staff-form"' in page.content.decode()
    response = admin.post(
        f"/accounts/staff/{worker.pk}/",
        {
            "display_name": "东城网格员",
            "role": "grid_worker",
            "unit": world.communities["west"].pk,
            "grids": [world.grids["west"].pk],
            "capacity": "7",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.unit == world.communities["west"] and worker.capacity == 7
    assert list(worker.grids.all()) == [world.grids["west"]]
    record = ChangeRecord.objects.get(model="accounts.user", action="update")
    assert set(record.after) == {"display_name", "unit_id", "capacity", "grids"}
    assert record.before["grids"] == [world.grids["east"].code]


def test_a_deactivated_person_is_signed_out_and_cannot_sign_in(world, client_for):
    worker = world.user("east_worker")
    theirs = client_for(worker)
    assert theirs.get("/people/residents/").status_code == 200
    admin = client_for(world.user("admin"))
    response = admin.post(
        f"/accounts/staff/{worker.pk}/",
        {
            "display_name": worker.display_name,
            "role": "grid_worker",
            "unit": worker.unit_id,
            "grids": [world.grids["east"].pk],
            "capacity": "5",
        },  # is_active unticked
    )
    assert response.status_code == 302
    denied = theirs.get("/people/residents/")
    assert denied.status_code == 302 and "/accounts/login/" in denied["Location"]
    assert not _signs_in("east_worker", PASSWORD)


def test_the_administrator_cannot_lock_themselves_out(world, client_for):
    me = world.user("admin")
    client = client_for(me)
    response = client.post(
        f"/accounts/staff/{me.pk}/",
        {"display_name": "x", "role": "liaison", "unit": me.unit_id, "capacity": "5"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "不能取消自己的管理员角色" in page and "不能停用自己的账号" in page
    me.refresh_from_db()
    assert me.role == "admin" and me.is_active


def test_the_administrator_resets_neither_their_own_password_nor_second_factor(world, client_for):
    me = world.user("admin")
    device = TOTPDevice.objects.create(user=me, name="phone", confirmed=True)
    client = client_for(me)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/accounts/otp/verify/", {"token": code})
    page = client.get(f"/accounts/staff/{me.pk}/").content.decode()
    assert 'id="password-form"' not in page and 'id="second-factor-form"' not in page
    assert 'href="/accounts/password/"' in page
    data = {"new_password1": OTHER, "new_password2": OTHER}
    assert client.post(f"/accounts/staff/{me.pk}/password/", data).status_code == 403
    assert client.post(f"/accounts/staff/{me.pk}/second-factor/").status_code == 403
    me.refresh_from_db()
    assert me.check_password(PASSWORD) and TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not ChangeRecord.objects.filter(model="accounts.user").exists()


def test_a_password_reset_ends_the_persons_sessions_and_the_new_one_works(world, client_for):
    worker = world.user("east_worker")
    theirs = client_for(worker)
    assert theirs.get("/people/residents/").status_code == 200
    admin = client_for(world.user("admin"))
    weak = admin.post(
        f"/accounts/staff/{worker.pk}/password/",
        {"new_password1": "east_worker1", "new_password2": "east_worker1"},
    )
    assert weak.status_code == 400 and "密码" in weak.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)
    done = admin.post(
        f"/accounts/staff/{worker.pk}/password/",
        {"new_password1": OTHER, "new_password2": OTHER},
    )
    assert done.status_code == 302
    assert theirs.get("/people/residents/").status_code == 302  # signed out
    assert _signs_in("east_worker", OTHER) and not _signs_in("east_worker", PASSWORD)
    record = ChangeRecord.objects.get(model="accounts.user")
    worker.refresh_from_db()
    assert worker.password not in json.dumps(record.after, ensure_ascii=False)
    assert record.after == {"password": "已由管理员重置"}


def test_a_lost_second_factor_is_removed_and_set_up_again_at_sign_in(world, client_for, settings):
    settings.FANZHA_OTP_REQUIRED_ROLES = ["liaison"]
    liaison = world.user("east_liaison")
    device = TOTPDevice.objects.create(user=liaison, name="phone", confirmed=True)
    admin = client_for(world.user("admin"))
    assert "已设置" in admin.get(f"/accounts/staff/{liaison.pk}/").content.decode()
    assert admin.post(f"/accounts/staff/{liaison.pk}/second-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert ChangeRecord.objects.filter(model="accounts.user", object_id=str(liaison.pk)).exists()
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": "east_liaison", "password": PASSWORD},
        REMOTE_ADDR="1.2.3.4",
    )
    response = client.get("/people/residents/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/setup/"


def test_a_locked_sign_in_is_shown_and_unlocked(world, client_for):
    worker = world.user("east_worker")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/accounts/login/",
            {"username": "east_worker", "password": "wrong-password-0"},
            REMOTE_ADDR="10.0.0.7",
        )
    assert AccessAttempt.objects.filter(username="east_worker").exists()
    admin = client_for(world.user("admin"))
    page = admin.get(f"/accounts/staff/{worker.pk}/").content.decode()
    assert "输错密码已锁定" in page and 'id="unlock-form"' in page
    assert admin.post(f"/accounts/staff/{worker.pk}/unlock/").status_code == 302
    assert not AccessAttempt.objects.filter(username="east_worker").exists()
    assert "未锁定" in admin.get(f"/accounts/staff/{worker.pk}/").content.decode()
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "east_worker", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_everyone_changes_their_own_password_with_the_old_one(world, client_for):
    leader = world.user("leader")
    client = client_for(leader)
    assert client.get("/accounts/password/").status_code == 200
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "not-it-at-all", "new_password1": OTHER, "new_password2": OTHER},
    )
    assert wrong.status_code == 400 and "旧密码不正确" in wrong.content.decode()
    done = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": OTHER, "new_password2": OTHER},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/me/"
    assert client.get("/accounts/me/").status_code == 200  # this session goes on
    assert _signs_in("leader", OTHER)


def test_account_pages_wait_for_the_second_factor(world):
    liaison = world.user("east_liaison")
    device = TOTPDevice.objects.create(user=liaison, name="phone", confirmed=True)
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": "east_liaison", "password": PASSWORD},
        REMOTE_ADDR="1.2.3.5",
    )
    for url in ("/accounts/me/", "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/otp/verify/" in response["Location"]
    assert client.get("/accounts/otp/verify/").status_code == 200
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/accounts/otp/verify/", {"token": code, "next": "/accounts/me/"})
    assert client.get("/accounts/me/").status_code == 200


def test_createsuperuser_makes_a_district_administrator(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", GOOD)
    call_command("createsuperuser", interactive=False, username="root", email="", verbosity=0)
    root = User.objects.get(username="root")
    assert root.is_superuser and root.role == "admin" and root.unit is None
    assert _signs_in("root", GOOD)


def test_a_superuser_of_another_role_still_sets_up_the_second_factor(world, client_for, settings):
    settings.FANZHA_OTP_REQUIRED_ROLES = ["admin"]
    root = User.objects.create_superuser("root", password=GOOD, role="leader")
    response = client_for(root).get("/people/residents/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/setup/"


def test_a_password_given_by_the_administrator_is_replaced_before_anything_else(world, client_for):
    admin = client_for(world.user("admin"))
    assert admin.post("/accounts/staff/add/", _new_worker(world)).status_code == 302
    client = Client()
    client.post(
        "/accounts/login/", {"username": "zhang_wei", "password": GOOD}, REMOTE_ADDR="10.1.1.1"
    )
    for url in ("/people/residents/", "/accounts/me/", "/alerts/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert client.get("/api/v1/alerts/tasks").status_code == 401
    assert client.get("/accounts/password/").status_code == 200
    changed = client.post(
        "/accounts/password/",
        {"old_password": GOOD, "new_password1": OTHER, "new_password2": OTHER},
    )
    assert changed.status_code == 302
    assert not User.objects.get(username="zhang_wei").password_change_required
    assert client.get("/people/residents/").status_code == 200
    assert client.get("/api/v1/alerts/tasks").status_code == 200
    # A reset by the administrator asks for it again.
    user = User.objects.get(username="zhang_wei")
    admin.post(
        f"/accounts/staff/{user.pk}/password/",
        {"new_password1": GOOD + "x", "new_password2": GOOD + "x"},
    )
    user.refresh_from_db()
    assert user.password_change_required
