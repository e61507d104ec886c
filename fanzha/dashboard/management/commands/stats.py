"""``fanzha stats --json``: the district's headline figures as one JSON object."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Print the headline figures of the whole district (issues 2 and 6)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--live",
            action="store_true",
            help="count the source tables directly instead of the rollups (slow at scale)",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="rebuild every rollup first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from fanzha.dashboard import figures, rollups

        if options["live"]:
            data = figures.live_headline(None)
        else:
            if options["refresh"]:
                rollups.rebuild_all()
            else:
                # Stale metrics first, so the figures reflect every save made so far.
                rollups.ensure_built()
                rollups.refresh()
            data = figures.headline_dict(None)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=False))
            return
        for figure in figures.HEADLINE:
            value = data.get(figure[0])
            self.stdout.write(f"{figure[1]}: {'—' if value is None else value}")
