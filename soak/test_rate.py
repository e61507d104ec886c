"""How the soak's rate is chosen (soak.conftest.soak_rate): a number is taken as given; ``auto:N``
offers N on a machine that carries it and less on one that does not."""

from __future__ import annotations

import os

import pytest

from soak.conftest import PROBE_HEADROOM, soak_rate

pytestmark = pytest.mark.soak


def _no_probe(target: int) -> float:
    raise AssertionError("a fixed rate needs no probe")


def test_a_fixed_rate_is_taken_as_given():
    assert soak_rate("200", _no_probe)[0] == 200


def test_auto_offers_the_target_when_the_machine_carries_it():
    assert soak_rate("auto:200", lambda target: 1.0)[0] == 200


def test_auto_offers_what_the_probed_cost_allows_on_a_slow_machine():
    cores = os.cpu_count() or 1
    rate, why = soak_rate("auto:200", lambda target: 100.0 * cores)
    assert rate == int(PROBE_HEADROOM * 10)
    assert f"{100.0 * cores:.1f} ms" in why and "probe" in why
