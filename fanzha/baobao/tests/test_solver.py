from fanzha.baobao.solver import Area, balance


def test_it_evens_out_risk_weighted_load():
    # Greedy by order would give person 1 the 40 and 30; the optimum splits 40+5+5 / 30+10+10.
    areas = [Area(i, r, (1, 2)) for i, r in enumerate([40, 30, 10, 10, 5, 5])]
    result = balance(areas, {1: 3, 2: 3})
    assert sorted(result.loads.values()) == [50.0, 50.0]
    assert result.counts == {1: 3, 2: 3}
    assert result.optimal


def test_it_respects_capacity_even_when_it_costs_evenness():
    areas = [Area(i, 10, (1, 2)) for i in range(4)]
    result = balance(areas, {1: 1, 2: 5})
    assert result.counts == {1: 1, 2: 3}


def test_it_leaves_an_area_unassigned_when_nobody_may_take_it():
    areas = [Area(1, 10, ()), Area(2, 10, (7,)), Area(3, 10, (7,))]
    result = balance(areas, {7: 1})
    assert result.holder[1] is None
    assert sorted(h for h in (result.holder[2], result.holder[3]) if h) == [7]
    assert [result.holder[2], result.holder[3]].count(None) == 1


def test_it_keeps_manual_choices_fixed_and_counts_them():
    areas = [Area(1, 50, (1, 2), locked=1), Area(2, 20, (1, 2)), Area(3, 20, (1, 2))]
    result = balance(areas, {1: 5, 2: 5})
    assert result.holder[1] == 1
    assert result.holder[2] == 2 and result.holder[3] == 2  # evens 50 against 40


def test_a_manual_choice_beyond_capacity_still_stands():
    areas = [Area(1, 5, (1,), locked=1), Area(2, 5, (1,), locked=1)]
    result = balance(areas, {1: 1})
    assert result.holder == {1: 1, 2: 1}


def test_it_keeps_the_previous_holder_when_that_is_as_even():
    areas = [Area(1, 10, (1, 2), previous=2), Area(2, 10, (1, 2), previous=1)]
    result = balance(areas, {1: 1, 2: 1})
    assert result.holder == {1: 2, 2: 1}


def test_it_balances_separate_territories_separately():
    areas = [Area(1, 100, (1,)), Area(2, 1, (2, 3)), Area(3, 1, (2, 3))]
    result = balance(areas, {1: 5, 2: 5, 3: 5})
    assert result.holder[2] != result.holder[3]
    assert len(result.groups) == 2
