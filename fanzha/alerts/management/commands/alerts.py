"""``fanzha alerts import FILE``: stream a CSV or JSONL file of warning leads into the platform.

Safe to interrupt and run again: alerts are unique by (source, source_ref) and each chunk is one
transaction, so a rerun stores exactly what the interrupted run did not."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.alerts.choices import Source


class Command(BaseCommand):
    help = "Warning leads: import a CSV or JSONL file (streamed, idempotent); ingest API keys."

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
        issue = sub.add_parser("issue-key", help="Issue an ingest-only API key for a source")
        issue.add_argument("name")
        issue.add_argument("--source", choices=[s.value for s in Source], required=True)
        revoke = sub.add_parser("revoke-key", help="Revoke an API key by its prefix")
        revoke.add_argument("prefix")
        sub.add_parser("keys", help="List alert ingest keys")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "issue-key":
            return self.issue_key(options["name"], options["source"])
        if action == "revoke-key":
            return self.revoke_key(options["prefix"])
        if action == "keys":
            return self.list_keys()
        return self.import_file(options)

    def issue_key(self, name: str, source: str) -> None:
        from fanzha.accounts.staffing import issue_key

        # Ingest-only: the key can submit alerts of its one source and nothing else. Logged in
        # the change log like a key issued on the page (with no staff member behind it).
        key, plaintext = issue_key(None, name, source)
        self.stdout.write(f"{key.prefix}\t{plaintext}")
        self.stderr.write("密钥只显示这一次，请妥善保存（数据库只存哈希值）。")

    def revoke_key(self, prefix: str) -> None:
        from fanzha.accounts.models import ApiKey
        from fanzha.accounts.staffing import revoke_key

        key = ApiKey.objects.filter(prefix=prefix).first()
        if key is None or not revoke_key(None, key):
            raise CommandError(f"没有有效的密钥前缀 {prefix}")
        self.stdout.write(f"已吊销 {prefix}")

    def list_keys(self) -> None:
        from fanzha.accounts.models import ApiKey

        for key in ApiKey.objects.filter(scopes__contains="alerts:ingest").order_by("pk"):
            state = "revoked" if key.revoked_at else "active"
            self.stdout.write(f"{key.prefix}\t{key.source}\t{state}\t{key.name}")

    def import_file(self, options: dict[str, Any]) -> None:
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
