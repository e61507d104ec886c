"""Demo district, 三包: one area place per 村 (the org demo makes villages as units only), the
solver's assignment as of the demo's today, and a few manual choices kept by a second run."""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.db.models import Count

from fanzha.accounts.models import User
from fanzha.baobao.assign import eligible_staff, load_people, run_assignment, set_manually
from fanzha.baobao.models import Assignment
from fanzha.core.demo import DemoContext
from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place

MANUAL = 5
# The demo must build in minutes: a smaller solver budget than a real run's.
DEMO_SOLVER_SECONDS = 8.0
# Officers: capacity for their station's areas plus a fifth spare; grid workers: most of the
# areas in their own grids (liaisons take the rest).
OFFICER_SPARE = 1.2
WORKER_SHARE = 0.9


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("baobao")
    have = set(
        Place.objects.filter(kind=PlaceKind.VILLAGE).values_list("grid__community", flat=True)
    )
    for village in Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("pk"):
        grid = village.grids.order_by("pk").first()
        if grid is None or village.pk in have:
            continue
        Place(
            name=village.name, kind=PlaceKind.VILLAGE, grid=grid, address=f"{village.name}村委会"
        ).save()
    _size_capacities()
    admin = User.objects.filter(role="admin").order_by("pk").first()
    run = run_assignment(admin, today=ctx.today, seconds=DEMO_SOLVER_SECONDS)
    ctx.log(
        f"baobao: {run.areas} areas, {run.staff_assigned} with staff, "
        f"{run.officer_assigned} with an officer ({run.seconds} s)"
    )
    people = load_people()
    rows = list(Assignment.objects.select_related("area", "area__grid").order_by("-risk")[:40])
    rng.shuffle(rows)
    done = 0
    for row in rows:
        candidates = [pk for pk in eligible_staff(row.area, people) if pk != row.staff_id]
        if not candidates or done >= MANUAL:
            continue
        person = User.objects.get(pk=rng.choice(candidates))
        set_manually(row, "staff", person, user=admin, note="熟悉该区域情况，人工指定")
        done += 1
    if done:
        run = run_assignment(admin, today=ctx.today, seconds=DEMO_SOLVER_SECONDS)
        ctx.log(f"baobao: re-run kept {run.locked} manual choices")


def _size_capacities() -> None:
    """Give the demo's officers and grid workers a 三包 capacity that fits their territory
    (the account defaults are a generic 4-8): each station's officers share its areas with
    some room to spare; a grid worker can take most of the areas in their grids."""
    areas = Place.objects.filter(kind__in=settings.FANZHA_BAOBAO_AREA_KINDS)
    per_station = dict(areas.values_list("grid__station").annotate(n=Count("pk")))
    officers: dict[int, list[int]] = {}
    for pk, station in User.objects.filter(is_demo=True, role="officer").values_list(
        "pk", "unit_id"
    ):
        officers.setdefault(station, []).append(pk)
    for station, pks in officers.items():
        need = ceil(OFFICER_SPARE * per_station.get(station, 0) / len(pks))
        User.objects.filter(pk__in=pks).update(capacity=max(1, need))
    per_grid = dict(areas.values_list("grid").annotate(n=Count("pk")))
    through = User.grids.through  # type: ignore[attr-defined]
    load: dict[int, int] = {}
    for user_id, grid_id in through.objects.filter(
        user__is_demo=True, user__role="grid_worker"
    ).values_list("user_id", "grid_id"):
        load[user_id] = load.get(user_id, 0) + per_grid.get(grid_id, 0)
    for user_id, n in load.items():
        User.objects.filter(pk=user_id).update(capacity=max(1, ceil(WORKER_SHARE * n)))
