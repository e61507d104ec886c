"""``fanzha alerts import FILE``: stream a CSV or JSONL file of warning leads into the platform.

Safe to interrupt and run again: alerts are unique by (source, source_ref) and each chunk is one
transaction, so a rerun stores exactly what the interrupted run did not."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.alerts.choices import Source


class Command(BaseCommand):
    help = "Warning leads: import a CSV or JSONL file (streamed, idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a file of alerts")
        imp.add_argument("file")
        imp.add_argument(
            "--source",
            choices=[s.value for s in Source],
            help="Source for rows that do not name one",
        )
        imp.add_argument("--format", choices=["csv", "jsonl"], dest="fmt")
        imp.add_argument("--chunk", type=int, help="Items per transaction")
        imp.add_argument("--json", action="store_true", help="Print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        from fanzha.alerts.importing import import_file, write_errors

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件: {path}")
        report = import_file(
            path, source=options.get("source"), fmt=options.get("fmt"), chunk=options.get("chunk")
        )
        if report.errors:
            self.stderr.write("行号\t字段\t原因\n")
            write_errors(report, self.stderr)
        if options.get("json"):
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            self.stdout.write(
                f"读取 {report.lines} 行：新增 {report.created}，重复 {report.duplicates}，"
                f"拒收 {report.rejected}"
            )
