import pytest
from django.core.exceptions import ImproperlyConfigured

from fanzha.lib import crypto
from fanzha.lib.masking import mask_id, mask_phone
from fanzha.lib.sealed import phone_index, seal_phone


def test_it_round_trips_and_never_stores_plaintext():
    token = crypto.encrypt("13800138000")
    assert "13800138000" not in token
    assert crypto.decrypt(token) == "13800138000"


def test_two_encryptions_of_the_same_value_differ_but_index_the_same():
    a, b = seal_phone("13800138000"), seal_phone("+86 138 0013 8000")
    assert a.cipher != b.cipher
    assert a.index == b.index == phone_index("13800138000")


def test_it_refuses_a_tampered_ciphertext():
    from cryptography.exceptions import InvalidTag

    token = crypto.encrypt("13800138000")
    key_id, _, body = token.partition("$")
    tampered = key_id + "$" + body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises((InvalidTag, ValueError)):
        crypto.decrypt(tampered)


def test_old_keys_still_decrypt_after_rotation(settings):
    old = crypto.encrypt("13900139000")
    ring = crypto.keyring()
    index_b64 = crypto.base64.urlsafe_b64encode(ring.index_key).decode()
    old_id, old_key = ring.data_keys[0]
    old_b64 = crypto.base64.urlsafe_b64encode(old_key).decode()
    settings.FANZHA_KEYS = f"index={index_b64};k9={crypto.new_key()};{old_id}={old_b64}"
    crypto.reset_keyring()
    assert crypto.key_id_of(crypto.encrypt("x")) == "k9"
    assert crypto.decrypt(old) == "13900139000"


def test_a_malformed_key_spec_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_key_spec("index=abc;k1=def")


def test_masks():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id("370202199001011234") == "3702**********1234"
