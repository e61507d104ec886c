"""gunicorn, started with the deployed configuration, writes one JSON object per request even
when the request line and the headers a client sends are made to break out of their fields."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from fanzha.core.testing.processes import free_port

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _send(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def test_every_access_line_is_json_whatever_the_client_sends(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "FANZHA_MODE": "dev",
        "FANZHA_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FANZHA_DATA_DIR": str(tmp_path / "data"),
        "FANZHA_KEY_FILE": str(tmp_path / "keys"),
        "FANZHA_BIND": f"127.0.0.1:{port}",
        "FANZHA_ACCESS_LOG": str(log),
        "FANZHA_ERROR_LOG": str(tmp_path / "error.log"),
        "FANZHA_WEB_WORKERS": "1",
    }
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "fanzha.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _send(port, b"GET /up HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        forged = '1.2.3.4", "status": 200, "x": "\\q'
        reply = _send(
            port,
            b'GET /no/such\\x"page HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n'
            b"X-Forwarded-For: " + forged.encode() + b"\r\n\r\n",
        )
        assert reply.startswith(b"HTTP/1.1 404")
        deadline = time.monotonic() + 10
        while len(log.read_text().splitlines()) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    (probe,) = [line for line in lines if line["request"].startswith("GET /no/such")]
    assert probe["request"] == 'GET /no/such\\x"page HTTP/1.1'
    assert probe["status"] == 404
    assert probe["forwarded"] == forged
    assert probe["remote"] == "127.0.0.1"
    assert probe["bytes"] > 0
    assert all(line["forwarded"] == "-" for line in lines if line is not probe)
