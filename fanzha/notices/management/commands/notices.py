"""``fanzha notices letter|quarterly|annual``: the same documents as the UI, for scheduled runs.

    fanzha notices letter --case 12 --format pdf --output letter.pdf
    fanzha notices quarterly --year 2021 --quarter 1 --format docx --output q1.docx [--issue]
    fanzha notices annual --year 2020 --format pdf --output report.pdf [--issue]

Without ``--issue`` a draft is rendered (marked 草稿, no number); with it the document is issued
first (next number of its kind and year). Runs inline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.notices import documents
from fanzha.notices.documents import DocumentError, TemplateProblem


class Command(BaseCommand):
    help = "Generate a 三告 document (case letter, quarterly notice, annual report)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        for name in ("letter", "quarterly", "annual"):
            p = sub.add_parser(name)
            if name == "letter":
                p.add_argument("--case", type=int, required=True, help="case id")
            else:
                p.add_argument("--year", type=int, required=True)
            if name == "quarterly":
                p.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
            p.add_argument("--format", choices=["docx", "pdf"], default="pdf")
            p.add_argument("--output", required=True, help="file to write")
            p.add_argument(
                "--issue",
                action="store_true",
                help="issue it (assign the next number) before rendering",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        from fanzha.cases.models import Case

        kind = options["kind"]
        if kind == "letter":
            case = Case.objects.filter(pk=options["case"]).first()
            if case is None:
                raise CommandError(f"案件 {options['case']} 不存在")
            notice = documents.draft_letter(case)
        elif kind == "quarterly":
            notice = documents.quarterly_notice(options["year"], options["quarter"])
        else:
            notice = documents.annual_notice(options["year"])
        try:
            if options["issue"] and not notice.is_issued:
                notice = documents.issue(notice)
            data = documents.render(notice, options["format"])
        except (TemplateProblem, DocumentError) as exc:
            raise CommandError(str(exc)) from exc
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        number = notice.document_number or "草稿"
        self.stdout.write(f"{output} {len(data)} bytes · {number} · {notice.title}")
