"""Evening out the 三包 load: a mixed-integer program (scipy.optimize.milp, HiGHS), not a greedy
loop. Pure Python over plain data so it is testable without a database.

For one role (staff members, or officers) and each connected group of areas and eligible people
(in practice one 办事处's territory or one station's area):

    minimise   M·Σ unassigned_a  +  Σ_p |load_p − mean|  +  max_p load_p  +  ε·(changes)
    subject to each area gets exactly one eligible person, or counts as unassigned;
               each person holds at most their capacity (never fewer than their manual areas);
               manual (locked) choices are fixed;
    where      load_p = Σ risk of the areas p holds, mean = the group's risk ÷ its people.

The L1 deviation from the mean makes every load as close to the mean as the risks allow, the
max term breaks ties towards the lightest worst case, and the tiny ε term keeps a person on the
area they held in the previous run when that costs nothing, so re-runs do not reshuffle.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


@dataclass(frozen=True)
class Area:
    """An area to assign: its risk, the people allowed to hold it, a manual choice if any,
    and who held it before."""

    id: int
    risk: float
    candidates: tuple[int, ...]
    locked: int | None = None
    previous: int | None = None


@dataclass(frozen=True)
class GroupStats:
    people: int
    areas: int
    min_load: float
    max_load: float
    mean_load: float


@dataclass
class Result:
    holder: dict[int, int | None] = field(default_factory=dict)
    loads: dict[int, float] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    group_of_area: dict[int, int] = field(default_factory=dict)
    groups: dict[int, GroupStats] = field(default_factory=dict)
    optimal: bool = True
    seconds: float = 0.0


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, x: object) -> object:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]  # type: ignore[index]
            x = self.parent[x]
        return x

    def union(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


def _edges(area: Area) -> tuple[int, ...]:
    return (area.locked,) if area.locked is not None else area.candidates


def balance(areas: list[Area], capacity: dict[int, int], time_limit: float = 30.0) -> Result:
    """Assign each area one person from its candidates; see the module docstring."""
    started = time.perf_counter()
    result = Result()
    uf = _UnionFind()
    for area in areas:
        uf.find(("a", area.id))
        for person in _edges(area):
            uf.union(("a", area.id), ("p", person))
    groups: dict[object, list[Area]] = {}
    for area in areas:
        groups.setdefault(uf.find(("a", area.id)), []).append(area)
    for number, members in enumerate(sorted(groups.values(), key=lambda g: g[0].id), start=1):
        optimal = _solve_group(number, members, capacity, time_limit, result)
        result.optimal = result.optimal and optimal
    result.seconds = time.perf_counter() - started
    return result


def _solve_group(
    number: int, areas: list[Area], capacity: dict[int, int], time_limit: float, result: Result
) -> bool:
    people = sorted({p for a in areas for p in _edges(a)})
    for area in areas:
        result.group_of_area[area.id] = number
    if not people:
        for area in areas:
            result.holder[area.id] = None
        result.groups[number] = GroupStats(0, len(areas), 0.0, 0.0, 0.0)
        return True
    index = {p: i for i, p in enumerate(people)}
    edges = [(ai, person) for ai, area in enumerate(areas) for person in _edges(area)]
    n_x, n_u, n_p = len(edges), len(areas), len(people)
    # Variable layout: x (one per edge) | u (one per area) | d (one per person) | L_max
    n_vars = n_x + n_u + n_p + 1
    u0, d0, lmax = n_x, n_x + n_u, n_x + n_u + n_p
    risks = np.array([max(a.risk, 0.0) for a in areas])
    total = float(risks.sum())
    mean = total / n_p
    big = 1000.0 * (total + 1.0)
    epsilon = 1e-4 / (len(areas) + 1)

    cost = np.zeros(n_vars)
    cost[u0 : u0 + n_u] = big
    cost[d0 : d0 + n_p] = 1.0
    cost[lmax] = 1.0
    lower, upper = np.zeros(n_vars), np.ones(n_vars)
    upper[d0:] = np.inf
    locked_count = dict.fromkeys(people, 0)
    for e, (ai, person) in enumerate(edges):
        area = areas[ai]
        if area.locked is not None:
            lower[e] = 1.0  # a manual choice is fixed
            locked_count[person] += 1
        elif area.previous is not None and person != area.previous:
            cost[e] = epsilon
    for ai, area in enumerate(areas):
        if area.locked is not None:
            upper[u0 + ai] = 0.0

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    row = 0
    # Each area: exactly one holder, or unassigned.
    for ai in range(n_u):
        rows.append(row), cols.append(u0 + ai), vals.append(1.0)
        lo.append(1.0), hi.append(1.0)
        row += 1
    area_rows = {ai: ai for ai in range(n_u)}
    for e, (ai, _person) in enumerate(edges):
        rows.append(area_rows[ai]), cols.append(e), vals.append(1.0)
    # Each person: capacity; load − d ≤ mean; load + d ≥ mean; load − L_max ≤ 0.
    for person, pi in index.items():
        cap = max(capacity.get(person, 0), locked_count[person])
        mine = [(e, ai) for e, (ai, p) in enumerate(edges) if p == person]
        for e, _ai in mine:
            rows.append(row), cols.append(e), vals.append(1.0)
        lo.append(-np.inf), hi.append(float(cap))
        row += 1
        for sign_d, bound_lo, bound_hi in ((-1.0, -np.inf, mean), (1.0, mean, np.inf)):
            for e, ai in mine:
                rows.append(row), cols.append(e), vals.append(float(risks[ai]))
            rows.append(row), cols.append(d0 + pi), vals.append(sign_d)
            lo.append(bound_lo), hi.append(bound_hi)
            row += 1
        for e, ai in mine:
            rows.append(row), cols.append(e), vals.append(float(risks[ai]))
        rows.append(row), cols.append(lmax), vals.append(-1.0)
        lo.append(-np.inf), hi.append(0.0)
        row += 1

    matrix = coo_matrix((vals, (rows, cols)), shape=(row, n_vars)).tocsr()
    integrality = np.zeros(n_vars)
    integrality[:n_x] = 1
    solution = milp(
        cost,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": time_limit, "disp": False},
    )
    if solution.x is None:
        raise RuntimeError(f"三包 solver found no solution: {solution.message}")
    chosen = solution.x[:n_x] > 0.5
    loads = dict.fromkeys(people, 0.0)
    counts = dict.fromkeys(people, 0)
    for ai in range(n_u):
        result.holder[areas[ai].id] = None
    for e, (ai, person) in enumerate(edges):
        if chosen[e]:
            result.holder[areas[ai].id] = person
            loads[person] += float(risks[ai])
            counts[person] += 1
    result.loads.update(loads)
    result.counts.update(counts)
    values = list(loads.values())
    result.groups[number] = GroupStats(n_p, n_u, min(values), max(values), mean)
    return bool(solution.status == 0)
