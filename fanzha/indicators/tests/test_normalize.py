"""Normalisers: canonical forms, idempotence (hypothesis) and clear refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.indicators.choices import IndicatorKind
from fanzha.indicators.normalize import normalize


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("phone", "138 0013 8000", "+8613800138000"),
        ("phone", "+86-138-0013-8000", "+8613800138000"),
        ("phone", "008613800138000", "+8613800138000"),
        ("phone", "１３８００１３８０００", "+8613800138000"),  # full-width digits
        ("phone", "+855 12 345 678", "+85512345678"),
        ("wechat", " Fraud_Boss01 ", "fraud_boss01"),
        ("qq", "1234 5678", "12345678"),
        ("bank_account", "6222-0200-1234-5678", "6222020012345678"),
        ("alipay", "Pay@Example.COM", "pay@example.com"),
        ("alipay", "138 0013 8000", "+8613800138000"),
        ("url", "HTTPS://WWW.Evil-Pay.COM/Login?id=7#top", "evil-pay.com/Login?id=7"),
        ("url", "evil-pay.com/", "evil-pay.com"),
        ("url", "http://Evil.com:8080/a", "evil.com:8080/a"),
        ("url", "https://例子.中国/x", "xn--fsqu00a.xn--fiqs8s/x"),
        ("douyin", "@DY_Star", "dy_star"),
        ("wechat_group", "  高收益  理财群 ", "高收益 理财群"),
    ],
)
def test_it_normalises_each_kind(kind, raw, expected):
    assert normalize(kind, raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("phone", "12"),
        ("phone", "not a number"),
        ("qq", "12ab"),
        ("qq", "123"),
        ("bank_account", "abc"),
        ("url", "localhost"),
        ("url", "http://"),
        ("wechat", "a b<c>"),
        ("alipay", "x@y"),
        ("nonsense", "x"),
        ("other", "   "),
    ],
)
def test_it_refuses_bad_values_with_a_message(kind, raw):
    with pytest.raises(ValidationError) as exc:
        normalize(kind, raw)
    assert exc.value.messages[0]


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(IndicatorKind.values), raw=texts)
def test_normalising_twice_changes_nothing(kind, raw):
    try:
        once = normalize(kind, raw)
    except ValidationError:
        return
    assert normalize(kind, once) == once
    assert once == once.strip()


@settings(max_examples=100, deadline=None)
@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    sep=st.sampled_from(["", " ", "-"]),
    prefix=st.sampled_from(["", "+86", "86", "0086"]),
)
def test_every_spelling_of_a_mobile_is_one_value(number, sep, prefix):
    spelled = prefix + sep.join([number[:3], number[3:7], number[7:]])
    assert normalize("phone", spelled) == "+86" + number


@settings(max_examples=100, deadline=None)
@given(
    host=st.from_regex(r"[a-z][a-z0-9]{0,10}\.(com|cn|net)", fullmatch=True),
    scheme=st.sampled_from(["", "http://", "https://", "HTTP://"]),
    www=st.booleans(),
    upper=st.booleans(),
)
def test_hosts_are_case_and_scheme_insensitive(host, scheme, www, upper):
    spelled = scheme + ("www." if www else "") + (host.upper() if upper else host)
    assert normalize("url", spelled) == host


@settings(max_examples=200, deadline=None)
@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    prefix=st.sampled_from(["", "+86", "86", "0086"]),
)
def test_the_mobile_fast_path_agrees_with_phonenumbers(number, prefix):
    import phonenumbers

    parsed = phonenumbers.parse(prefix.replace("0086", "+86") + number, "CN")
    expected = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    assert normalize("phone", prefix + number) == expected
