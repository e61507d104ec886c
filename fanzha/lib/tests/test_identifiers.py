import contextlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fanzha.lib.identifiers import (
    bank_card_warning,
    normalize_mobile,
    normalize_uscc,
    parse_resident_id,
)


class TestResidentId:
    def test_it_accepts_the_domain_test_vector(self):
        parsed = parse_resident_id("360426199101010071")
        assert parsed.birth_date == date(1991, 1, 1)
        assert parsed.gender == "M"

    def test_it_rejects_a_wrong_check_digit(self):
        with pytest.raises(ValidationError):
            parse_resident_id("360426199101010072")

    def test_it_rejects_an_impossible_birth_date(self):
        # 1991-02-30 does not exist; recompute a valid check digit so only the date is wrong.
        from fanzha.core.names import id_number

        body_ok = id_number("360426", date(1991, 2, 28), 7)
        bad = body_ok[:10] + "0230" + body_ok[14:17]
        weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        bad += "10X98765432"[sum(int(d) * w for d, w in zip(bad, weights, strict=True)) % 11]
        with pytest.raises(ValidationError):
            parse_resident_id(bad)

    def test_it_stores_a_lower_case_x_as_upper_case(self):
        from fanzha.core.names import id_number

        number = next(
            n for seq in range(1000) if (n := id_number("110101", date(1980, 5, 5), seq))[-1] == "X"
        )
        assert parse_resident_id(number.lower()).number == number

    def test_it_derives_female_from_an_even_sequence(self):
        from fanzha.core.names import id_number

        assert parse_resident_id(id_number("110101", date(1980, 5, 5), 2)).gender == "F"

    @given(st.text(max_size=30))
    def test_it_never_crashes_on_arbitrary_text(self, text):
        with contextlib.suppress(ValidationError):
            parse_resident_id(text)


class TestMobile:
    @pytest.mark.parametrize(
        "raw", ["13800138000", "+8613800138000", "138-0013-8000", "86 138 0013 8000"]
    )
    def test_it_normalises_accepted_forms(self, raw):
        assert normalize_mobile(raw) == "13800138000"

    @pytest.mark.parametrize(
        "raw", ["12800138000", "1380013800", "053112345678", "+1 415 555 0100", "abc"]
    )
    def test_it_rejects_non_mainland_mobiles(self, raw):
        with pytest.raises(ValidationError):
            normalize_mobile(raw)

    @given(st.text(max_size=40))
    def test_it_never_crashes(self, text):
        with contextlib.suppress(ValidationError):
            assert len(normalize_mobile(text)) == 11


class TestUscc:
    def test_it_accepts_a_valid_code(self):
        assert normalize_uscc("91110000600037341L") == "91110000600037341L"

    def test_it_rejects_a_bad_checksum_without_override(self):
        with pytest.raises(ValidationError):
            normalize_uscc("91110000600037341A")

    def test_it_accepts_a_bad_checksum_with_override_but_not_a_bad_format(self):
        assert normalize_uscc("91110000600037341A", allow_bad_checksum=True)
        with pytest.raises(ValidationError):
            normalize_uscc("9111000060003734IO", allow_bad_checksum=True)


def test_bank_card_checksum_is_a_warning_not_an_error():
    assert bank_card_warning("6222021234567890123") is not None
    assert bank_card_warning("4111111111111111") is None


class TestMessagesNeverRepeatTheValue:
    """An error message ends up in logs, screenshots and error reports: it says what is wrong
    without repeating the ID or phone number typed (a mistyped number is still someone's)."""

    CASES = [
        (normalize_mobile, "12800138000", "invalid"),
        (normalize_mobile, "+1 415 555 0100", "invalid"),
        (normalize_mobile, "0531-8888-7777", "invalid"),
        (normalize_mobile, "abc13800138000xyz", "invalid"),
        (parse_resident_id, "36042619910101007", "length"),
        (parse_resident_id, "360426199101010072", "invalid"),
        (parse_resident_id, "36042619910230007X", "invalid"),
        (normalize_uscc, "91110000600037341A", "invalid"),
    ]

    @pytest.mark.parametrize(("check", "value", "code"), CASES)
    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_the_message_says_what_is_wrong_without_the_value(self, check, value, code, language):
        from django.utils import translation

        with translation.override(language), pytest.raises(ValidationError) as caught:
            check(value)
        message = " ".join(caught.value.messages)
        assert caught.value.code == code
        assert message.strip()
        for shown in (value, value.replace(" ", "").replace("-", ""), value[-8:]):
            assert shown not in message, message
        if language == "zh-hans":
            assert any("\u4e00" <= c <= "\u9fff" for c in message), message

    def test_a_future_birth_date_is_named_without_the_number(self):
        from fanzha.core.names import id_number

        number = id_number("110101", date(date.today().year + 1, 1, 1), 7)
        with pytest.raises(ValidationError) as caught:
            parse_resident_id(number)
        message = " ".join(caught.value.messages)
        assert caught.value.code == "future_birth_date"
        assert number not in message and number[6:14] not in message

    @given(st.from_regex(r"\A[0-9]{12,20}\Z"))
    def test_no_rejected_number_is_ever_echoed(self, digits):
        for check in (normalize_mobile, parse_resident_id):
            try:
                check(digits)
            except ValidationError as exc:
                assert digits not in " ".join(exc.messages)
