"""The data migration that moved alerts.DutyPhone onto the account: the sealed values are
copied as they are (no decryption), an orphan mask is cleared, and the reverse gives the rows
back."""

from __future__ import annotations

from importlib import import_module

import pytest

from fanzha.accounts.models import User
from fanzha.lib import crypto
from fanzha.lib.sealed import seal_phone

pytestmark = pytest.mark.django_db

migration = import_module("fanzha.accounts.migrations.0004_copy_duty_phones")


def test_existing_duty_phones_are_copied_and_given_back(world):
    officer, admin, worker = (world.user(n) for n in ("east_officer", "admin", "east_worker"))
    one, two = seal_phone("13700137000"), seal_phone("13700137001")
    # A mask with no number behind it (the old plain column) must not survive.
    User.objects.filter(pk=worker.pk).update(duty_phone_mask="139****0000")
    rows = [(officer.pk, *vars(one).values()), (admin.pk, *vars(two).values())]

    assert migration.copy_to_users(User, rows) == 2

    officer.refresh_from_db()
    assert crypto.decrypt(officer.duty_phone_cipher) == "13700137000"
    assert (officer.duty_phone_index, officer.duty_phone_mask) == (one.index, one.mask)
    assert User.objects.get(pk=admin.pk).duty_phone_sealed() == two
    assert User.objects.get(pk=worker.pk).duty_phone_mask == ""
    assert User.objects.exclude(duty_phone_cipher="").count() == 2
    # The reverse reads exactly the rows back.
    assert sorted(migration.rows_from_users(User)) == sorted(rows)


def test_no_duty_phones_copies_nothing(world):
    assert migration.copy_to_users(User, []) == 0
    assert migration.rows_from_users(User) == []
