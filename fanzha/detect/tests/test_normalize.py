"""Normalisation: folding, placeholders, and the map back to the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.detect.normalize import (
    ACCOUNT,
    AMOUNT,
    NUMBER,
    PHONE,
    URL,
    from_segmented,
    normalize,
)


def test_it_folds_full_width_to_half_width():
    assert normalize("ＶＸ：ａｂｃ１２３！").text == f"vx:abc{NUMBER}!"


def test_it_converts_traditional_to_simplified():
    assert normalize("請轉賬到安全帳戶").text == "请转账到安全账户"


def test_it_removes_spaces_next_to_chinese_but_keeps_them_between_latin_words():
    assert normalize("安 全  账 户").text == "安全账户"
    assert normalize("add vx now").text == "add vx now"


def test_it_drops_emoji_and_zero_width_characters():
    assert normalize("安\u200b全😀账户").text == "安全账户"


def test_it_replaces_identifiers_with_placeholders():
    text = "转50000元到6222021234567890123，电话13812345678，网址 http://a.cn/x 编号77"
    n = normalize(text).text
    assert AMOUNT in n and ACCOUNT in n and PHONE in n and URL in n and NUMBER in n
    assert "13812345678" not in n


def test_it_recognises_bare_domains_followed_by_chinese():
    assert normalize("请登录jf-10086.cc兑换").text == f"请登录{URL}兑换"


def test_it_does_not_let_pasted_placeholders_forge_identifiers():
    assert URL not in normalize(f"点击{URL}").text


def test_it_maps_spans_back_to_the_original_text():
    original = "请转账到 安 全 帳 戶 6222 0212 3456 7890，谢谢"
    n = normalize(original)
    i = n.text.index("安全账户")
    start, end = n.original_span(i, i + 4)
    assert original[start:end] == "安 全 帳 戶"
    j = n.text.index(ACCOUNT)
    start, end = n.original_span(j, j + 1)
    assert original[start:end] == "6222 0212 3456 7890"


def test_it_turns_segmented_corpus_lines_into_plain_text():
    line = "您的 积分 即将 清零 请 登录 URLabcd 兑换 详询 CELLPHONE"
    assert normalize(from_segmented(line)).text == f"您的积分即将清零请登录{URL}兑换详询{PHONE}"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_it_never_crashes_and_offsets_stay_inside_the_original(text):
    n = normalize(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    previous_end = 0
    for start, end in zip(n.starts, n.ends, strict=True):
        assert 0 <= start < end <= len(text)
        assert start >= previous_end - 0  # spans never go backwards
        previous_end = end


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("安全账户請轉帳验证码 　ＡＢ１２3４.5元:/wcn😀\u200b"), max_size=80
    )
)
def test_each_plain_character_maps_back_to_a_character_that_folds_to_it(text):
    n = normalize(text)
    for k, ch in enumerate(n.text):
        if ch in (URL, PHONE, ACCOUNT, AMOUNT, NUMBER, " "):
            continue
        start, end = n.original_span(k, k + 1)
        assert normalize(text[start:end]).text == ch
