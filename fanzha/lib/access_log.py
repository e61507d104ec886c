"""gunicorn's access log as JSON lines that stay JSON whatever a request holds.

gunicorn escapes only double quotes in the values it puts into ``access_log_format``: a
backslash or a control character from the request line or a header left a line that no JSON
reader accepts (``\\x`` is no JSON escape). Here every text value is JSON-escaped, so a client
cannot break a line or forge a field, and a header the client sets (``X-Forwarded-For``) can be
logged safely. ``deploy/gunicorn.conf.py`` names it as ``logger_class``."""

from __future__ import annotations

import json
from typing import Any

from gunicorn.glogging import Logger, SafeAtoms


class JsonAtoms(SafeAtoms):
    """The values for ``access_log_format``, each text JSON-escaped (without the quotes, which
    the format writes); a value gunicorn leaves as None (no bytes sent) is 0."""

    def __init__(self, atoms: dict[str, Any]) -> None:
        dict.__init__(self)
        for key, value in atoms.items():
            if isinstance(value, str):
                self[key] = json.dumps(value, ensure_ascii=False)[1:-1]
            elif value is None:
                self[key] = 0
            else:
                self[key] = value


class JsonAccessLogger(Logger):
    atoms_wrapper_class = JsonAtoms
