"""Gateways that deliver SMS, chosen by ``FANZHA_SMS_BACKEND``: ``console`` (logs), ``file`` (one
JSON file per message, for development and tests) and ``http`` (a production SMS gateway).

Every gateway receives the message's idempotency key and must treat a second delivery with the
same key as already done: that is what keeps a resend after a worker crash from reaching the
person twice."""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings

log = logging.getLogger("fanzha.notifications")


@dataclass(frozen=True)
class OutgoingSms:
    key: str
    to: str
    text: str


class GatewayError(Exception):
    """A delivery failed; ``retry`` says whether trying again later can help."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


class Gateway(Protocol):
    def send(self, message: OutgoingSms) -> str:
        """Deliver and return the gateway's reference; raise GatewayError on failure."""
        ...


class ConsoleGateway:
    """Writes the message to the log (the number masked): development only."""

    def send(self, message: OutgoingSms) -> str:
        from fanzha.lib.masking import mask_phone

        log.info("SMS %s to %s: %s", message.key, mask_phone(message.to), message.text)
        return f"console:{message.key}"


class FileGateway:
    """One JSON file per message, named by its key and created exclusively, so a resend of the
    same key is recognised and not written again."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, message: OutgoingSms) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.key}.json"
        body = json.dumps(
            {"key": message.key, "to": message.to, "text": message.text}, ensure_ascii=False
        ).encode()
        tmp = self.directory / f".{message.key}.tmp"
        tmp.write_bytes(body)
        try:
            # link() fails if the target exists: the atomic "deliver once" of this backend.
            os.link(tmp, path)
        except FileExistsError:
            log.info("SMS %s was already delivered; not writing it again", message.key)
        finally:
            tmp.unlink(missing_ok=True)
        return f"file:{path.name}"


class HttpGateway:
    """POSTs ``{"key", "to", "text"}`` as JSON with a bearer token and an ``Idempotency-Key``
    header. 2xx is delivered; 4xx other than 408/429 is a permanent failure; the rest retry."""

    def __init__(self, url: str, token: str, timeout: int) -> None:
        if not url:
            raise GatewayError("FANZHA_SMS_HTTP_URL is not set", retry=False)
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, message: OutgoingSms) -> str:
        body = json.dumps(
            {"key": message.key, "to": message.to, "text": message.text}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": message.key,
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = response.read(4096)
        except urllib.error.HTTPError as exc:
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
            raise GatewayError(f"HTTP {exc.code}", retry=not permanent) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GatewayError(f"{type(exc).__name__}: {exc}") from None
        try:
            return str(json.loads(payload).get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def get_gateway() -> Gateway:
    backend = settings.FANZHA_SMS_BACKEND
    if backend == "file":
        return FileGateway(settings.FANZHA_SMS_FILE_DIR)
    if backend == "http":
        return HttpGateway(
            settings.FANZHA_SMS_HTTP_URL,
            settings.FANZHA_SMS_HTTP_TOKEN,
            settings.FANZHA_SMS_HTTP_TIMEOUT,
        )
    return ConsoleGateway()
