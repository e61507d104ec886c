"""``fanzha assess score --input FILE.json``: apply the default 100-point scheme to the units in
FILE and print the scores as JSON. Needs no database (the rules are pure functions); invalid input
exits with status 2 and a message on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from fanzha.assessment.jsonio import score_document
from fanzha.assessment.scoring import ScoringError

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Score units with the default 100-point assessment scheme (DOMAIN.md §2)."
    # Pure computation: no system or migration checks, so it runs without a database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="score units from a JSON file")
        score.add_argument("--input", required=True, help="JSON file, or - for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["input"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
        except OSError as exc:
            message = _("cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            raise CommandError(message, returncode=INVALID_INPUT) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            message = _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}
            raise CommandError(message, returncode=INVALID_INPUT) from None
        try:
            result = score_document(data)
        except ScoringError as exc:
            raise CommandError(
                _("invalid input: %(error)s") % {"error": exc}, returncode=INVALID_INPUT
            ) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
