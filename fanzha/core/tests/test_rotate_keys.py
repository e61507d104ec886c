import io

import pytest
from django.core.management import call_command

from fanzha.lib import crypto
from fanzha.people.models import Resident


@pytest.mark.django_db
def test_rotation_re_encrypts_everything_and_keeps_lookups(world, settings):
    resident = world.residents["east"][0]
    ring = crypto.keyring()
    b64 = crypto.base64.urlsafe_b64encode
    old_id, old_key = ring.data_keys[0]
    settings.FANZHA_KEYS = (
        f"index={b64(ring.index_key).decode()};k2={crypto.new_key()};"
        f"{old_id}={b64(old_key).decode()}"
    )
    crypto.reset_keyring()
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "6 rows re-encrypted" in out.getvalue() or "rows re-encrypted" in out.getvalue()
    resident.refresh_from_db()
    assert crypto.key_id_of(resident.phone_cipher) == "k2"
    assert resident.reveal("phone") == world.phones["east"][0]
    # Dropping the old key afterwards still decrypts everything.
    settings.FANZHA_KEYS = settings.FANZHA_KEYS.rsplit(";", 1)[0]
    crypto.reset_keyring()
    assert {r.reveal("id_number")[:6] for r in Resident.objects.all()}
    again = io.StringIO()
    call_command("rotate_keys", stdout=again)
    assert "0 rows" in again.getvalue()
