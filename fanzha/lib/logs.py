"""Structured (JSON lines) log formatting for production."""

from __future__ import annotations

import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class RefusedHost(logging.Filter):
    """A request for a host name not in ALLOWED_HOSTS is a client's mistake or a scanner, not
    a fault of ours: Django logs it at ERROR with a traceback of its own code, and on a server
    facing the internet those lines bury the real errors. Here it becomes one WARNING line,
    still naming the host (Django's message does)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True
