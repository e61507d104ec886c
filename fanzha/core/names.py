"""Synthetic Chinese names, addresses, ID and phone numbers for demo and benchmark data.

Names come from Faker's zh_CN word lists (weighted family names), drawn with the caller's own
``random.Random`` so the demo district is the same for the same seed. ID numbers carry a valid
GB 11643 checksum and real birth dates; phone numbers use real mobile prefixes. None of them
belongs to a real person on purpose, though a random number may of course exist somewhere.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from faker.providers.person.zh_CN import Provider as _Person

_FAMILY = list(_Person.last_names.keys())
_FAMILY_CUM = list(accumulate(_Person.last_names.values()))
_GIVEN_MALE = list(getattr(_Person, "first_names_male", _Person.first_names))
_GIVEN_FEMALE = list(getattr(_Person, "first_names_female", _Person.first_names))
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
ROADS = [
    "黄河",
    "渤海",
    "长江",
    "黄山",
    "梧桐",
    "新立河",
    "凤凰",
    "东海",
    "西湖",
    "滨河",
    "长安",
    "中海",
    "玉龙湖",
    "秦皇河",
    "聚贤",
    "和平",
]
COMPOUNDS = [
    "锦绣花园",
    "幸福小区",
    "阳光家园",
    "和谐苑",
    "滨海新城",
    "金色家园",
    "龙城御苑",
    "书香门第",
    "翰林府",
    "紫金华庭",
    "康居小区",
    "丽景苑",
]


def person_name(rng: random.Random, gender: str) -> str:
    family = rng.choices(_FAMILY, cum_weights=_FAMILY_CUM)[0]
    pool = _GIVEN_MALE if gender == "M" else _GIVEN_FEMALE
    given = rng.choice(pool)
    if rng.random() < 0.6:
        given += rng.choice(pool)
    return family + given


def id_number(region: str, birth: date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def birth_date(rng: random.Random, today: date, age_min: int, age_max: int) -> date:
    days = rng.randint(age_min * 365, age_max * 365 + 364)
    return today - timedelta(days=days)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def address(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(ROADS)}路{rng.randint(1, 999)}号"
