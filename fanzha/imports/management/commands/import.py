"""``fanzha import <kind> FILE [--dry-run] [--user NAME]``: import a file from the command line.

Without ``--user`` the operator imports with no scope restriction (like the district
administrator); with it, the file is checked against that user's scope and the job is recorded
under their name and unit, as an upload would be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.imports.choices import ImportKind


class Command(BaseCommand):
    help = "Import residents, households, registrations or places from .xlsx or .csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only; store nothing")
        parser.add_argument("--user", help="import as this staff user (their scope applies)")
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from fanzha.imports.runner import import_file

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            from fanzha.accounts.models import User

            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['user']!r}")

        def progress(phase: str, checked: int, stored: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{phase}: {checked} checked, {stored} stored")

        outcome = import_file(
            options["kind"],
            path,
            user=user,
            dry_run=options["dry_run"],
            name=path.name,
            progress=progress,
        )
        if user is not None:
            self._record_job(user, options, path, outcome)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "kind": outcome.kind,
                        "rows": outcome.rows,
                        "stored": outcome.stored,
                        "errors": outcome.error_count,
                        "dry_run": outcome.dry_run,
                        "report": outcome.errors,
                        "ignored_columns": outcome.ignored_columns,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for e in outcome.errors:
                self.stdout.write(f"第 {e['row']} 行 [{e['column']}] {e['reason']}")
            if outcome.error_count > len(outcome.errors):
                self.stdout.write(f"… 共 {outcome.error_count} 个问题")
        if not outcome.ok:
            raise CommandError(f"{outcome.error_count} problems found; nothing was stored.")
        verb = "checked (dry run)" if outcome.dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(f"{outcome.rows} rows {verb}, {outcome.stored} stored.")
        )

    def _record_job(self, user: Any, options: dict[str, Any], path: Path, outcome: Any) -> None:
        from fanzha.imports.jobs import create_job, finish

        with path.open("rb") as fh:
            job = create_job(
                user, options["kind"], File(fh, name=path.name), dry_run=options["dry_run"]
            )
        finish(job, outcome)
