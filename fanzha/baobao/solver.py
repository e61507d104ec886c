"""Evening out the 三包 load: a mixed-integer program (scipy.optimize.milp, HiGHS), not a greedy
loop. Pure Python over plain data so it is testable without a database.

For one role (staff members, or officers) and each connected group of areas and eligible people
(in practice one 办事处's territory or one station's area), three small MILPs in turn, each
keeping the result of the one before as a constraint (a lexicographic optimum):

1. cover as much risk as capacity allows: each area gets one eligible person or is left out, at a
   cost that grows with its risk (when capacity is short, low-risk areas wait); within each
   person's capacity (never fewer than their manual areas); manual choices fixed;
2. make the heaviest risk-weighted load as light as possible;
3. under that ceiling, make the lightest load as heavy as possible, with a tiny price on moving
   an area away from the person who held it in the previous run, so re-runs do not reshuffle.

Min-max then max-min has tight LP bounds, so HiGHS proves optimality (to ``MIP_GAP``) quickly;
an L1 "deviation from the mean" objective was tried first and stalled (its LP bound is 0).
``time_limit`` is the budget of a call, shared by the groups by size and split over the three
steps; at a step's limit the best assignment found is used and the run is marked "feasible"
instead of "optimal".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

# Relative optimality gap at which HiGHS may stop each balancing step: loads are sums of risk
# scores given to 2 decimals, so 0.5% of a load is below what anyone could tell apart.
MIP_GAP = 0.005
# How far above the best heaviest load step 3 may go while lifting the lightest one.
CEILING_SLACK = 0.01


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
    # ``time_limit`` is the budget of the whole call: each group gets a share by its size,
    # split over its three steps (at least a second each, so small groups are always solved).
    total = max(1, len(areas))
    for number, members in enumerate(sorted(groups.values(), key=lambda g: g[0].id), start=1):
        per_step = max(1.0, time_limit * len(members) / total / 3)
        optimal = _solve_group(number, members, capacity, per_step, result)
        result.optimal = result.optimal and optimal
    result.seconds = time.perf_counter() - started
    return result


def _solve_group(
    number: int,
    areas: list[Area],
    capacity: dict[int, int],
    time_limit: float,
    result: Result,
) -> bool:
    people = sorted({p for a in areas for p in _edges(a)})
    for area in areas:
        result.group_of_area[area.id] = number
    if not people:
        for area in areas:
            result.holder[area.id] = None
        result.groups[number] = GroupStats(0, len(areas), 0.0, 0.0, 0.0)
        return True
    edges = [(ai, person) for ai, area in enumerate(areas) for person in _edges(area)]
    n_x, n_u = len(edges), len(areas)
    # Variable layout: x (one per edge) | u (one per area: left out) | L_max | L_min
    n_vars = n_x + n_u + 2
    u0, lmax, lmin = n_x, n_x + n_u, n_x + n_u + 1
    risks = np.array([max(a.risk, 0.0) for a in areas])
    top = float(risks.max())
    weights = 1.0 + risks / (top + 1.0)  # leaving out a riskier area costs more

    lower, upper = np.zeros(n_vars), np.ones(n_vars)
    upper[lmax] = upper[lmin] = np.inf
    stability = np.zeros(n_vars)
    epsilon = 1e-6 * (top + 1.0)
    locked_count = dict.fromkeys(people, 0)
    for e, (ai, person) in enumerate(edges):
        area = areas[ai]
        if area.locked is not None:
            lower[e] = 1.0  # a manual choice is fixed
            locked_count[person] += 1
        elif area.previous is not None and person != area.previous:
            stability[e] = epsilon
    for ai, area in enumerate(areas):
        if area.locked is not None:
            upper[u0 + ai] = 0.0
    caps = {p: max(capacity.get(p, 0), locked_count[p]) for p in people}

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def add_row(entries: list[tuple[int, float]], low: float, high: float) -> int:
        row = len(lo)
        for col, val in entries:
            rows.append(row)
            cols.append(col)
            vals.append(val)
        lo.append(low)
        hi.append(high)
        return row

    by_area: dict[int, list[int]] = {}
    by_person: dict[int, list[int]] = {}
    for e, (ai, person) in enumerate(edges):
        by_area.setdefault(ai, []).append(e)
        by_person.setdefault(person, []).append(e)
    for ai in range(n_u):  # one holder, or left out
        add_row([(e, 1.0) for e in by_area.get(ai, [])] + [(u0 + ai, 1.0)], 1.0, 1.0)
    for person in people:
        mine = by_person[person]
        load = [(e, float(risks[edges[e][0]])) for e in mine]
        add_row([(e, 1.0) for e in mine], -np.inf, float(caps[person]))
        add_row([*load, (lmax, -1.0)], -np.inf, 0.0)
        if caps[person] > 0:  # nobody with no capacity drags the minimum down
            add_row([*load, (lmin, -1.0)], 0.0, np.inf)
    cover_row = add_row([(u0 + ai, float(weights[ai])) for ai in range(n_u)], -np.inf, np.inf)
    lmax_row = add_row([(lmax, 1.0)], -np.inf, np.inf)

    integrality = np.zeros(n_vars)
    integrality[:n_x] = 1
    optimal = True

    def solve(cost: np.ndarray) -> np.ndarray | None:
        nonlocal optimal
        matrix = coo_matrix((vals, (rows, cols)), shape=(len(lo), n_vars)).tocsr()
        solution = milp(
            cost,
            constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
            integrality=integrality,
            bounds=Bounds(lower, upper),
            options={"time_limit": time_limit, "disp": False, "mip_rel_gap": MIP_GAP},
        )
        optimal = optimal and solution.status == 0
        return None if solution.x is None else np.asarray(solution.x)

    # 1. Cover: as much risk as capacity allows (a b-matching: integral LP, solved at the root).
    cost = np.zeros(n_vars)
    cost[u0 : u0 + n_u] = weights
    x = solve(cost)
    if x is None:
        raise RuntimeError("三包 solver found no cover within the time limit")
    hi[cover_row] = float(weights @ np.round(x[u0 : u0 + n_u])) + 1e-6
    # 2. The heaviest load as light as possible. A step that finds nothing in its time keeps
    # the previous step's assignment (and the run is marked "feasible").
    cost = np.zeros(n_vars)
    cost[lmax] = 1.0
    step = x
    x = solve(cost)
    x = step if x is None else x
    # A little room under the ceiling: at exactly the optimum, step 3 struggles to find any
    # solution at all; within the slack it finds good ones fast.
    hi[lmax_row] = float(x[lmax]) * (1.0 + CEILING_SLACK) + 1e-6
    # 3. Under that ceiling, the lightest load as heavy as possible; prefer previous holders.
    cost = stability.copy()
    cost[lmin] = -1.0
    step = x
    x = solve(cost)
    x = step if x is None else x

    chosen = x[:n_x] > 0.5
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
    values = [loads[p] for p in people if caps[p] > 0] or [0.0]
    covered = float(risks[[ai for ai in range(n_u) if result.holder[areas[ai].id]]].sum())
    mean = covered / max(1, sum(1 for p in people if caps[p] > 0))
    result.groups[number] = GroupStats(len(people), n_u, min(values), max(values), mean)
    return optimal
