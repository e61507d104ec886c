"""Demo data for the dashboard: nothing of its own, only the rollups over what the other
builders made, so the first dashboard view of the demo district is instant."""

from __future__ import annotations

from fanzha.core.demo import DemoContext


def build(ctx: DemoContext) -> None:
    from fanzha.dashboard import rollups

    built = rollups.rebuild_all()
    ctx.log(f"dashboard: {len(built)} rollups, {sum(built.values())} rows")
