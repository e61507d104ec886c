"""What someone typed is kept with its phone and ID numbers masked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanzha.lib.masking import mask_numbers


def test_phone_and_id_numbers_are_masked_as_typed():
    assert mask_numbers("phone=13800138000&level=high") == "phone=138****8000&level=high"
    assert mask_numbers("+86 138-0013-8000") == "138****8000"
    assert mask_numbers("q=11010519491231002X") == "q=1101**********002X"
    assert mask_numbers("phone=1380013") == "phone=138****"  # a partial number, too


def test_short_numbers_and_dates_are_left_alone():
    for text in ("page=2", "since=2026-11-29", "grid=123456", "amount=1500.00", ""):
        assert mask_numbers(text) == text


@given(
    st.text(alphabet="abc=&- ", max_size=8),
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.text(alphabet="abc=&- ", max_size=8),
)
def test_a_whole_mobile_number_never_survives(before, number, after):
    masked = mask_numbers(before + number + after)
    assert number not in masked
    assert number[-4:] in masked
