"""A paced HTTP client for the soak: ``rate`` requests a second for ``seconds``, then it stops.

Request ``n`` is due at ``start + n / rate``; a fixed pool of threads sends them (one new TCP
connection each, like a proxy without upstream keep-alive). 30 % are writes: alerts posted with an
ingest key, each with its own ``source_ref``. A write is retried with the same ``source_ref``
after a dropped connection or a 503 (what an upstream system does), so it is 'accepted' once any
attempt got 200/201 and can never be stored twice. Reads cycle through the health check (as a
monitoring probe, without a session), an API list, a staff HTML page and an API summary, each as
one of several signed-in staff sessions.

Faults are functions scheduled at a second of the run; they run in a thread of their own so the
pacing goes on. The client fails the run, with the reason, when it falls behind the schedule by
more than ``max_lag`` seconds: the server no longer keeps up with the offered load.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

READS = [
    "/health/",
    "/api/v1/people/residents",
    "/people/residents/",
    "/api/v1/registrations/totals",
]
WRITE_SHARE = 30  # percent


@dataclass
class Outcome:
    """What one request ended as, for the report and the assertions."""

    at: float  # seconds since the start when the final attempt finished
    kind: str  # "read" or "write"
    status: int  # final HTTP status, 0 when every attempt failed to connect
    attempts: int
    latency: float  # of the final attempt
    body: bytes = b""


@dataclass
class Report:
    rate: int
    seconds: int
    elapsed: float = 0.0
    max_lag: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    fault_errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # seconds per process kind, this run

    def statuses(self) -> Counter[int]:
        return Counter(o.status for o in self.outcomes)

    def retried(self) -> int:
        return sum(1 for o in self.outcomes if o.attempts > 1)

    def failures(self, allowed: tuple[int, ...] = (200, 201)) -> list[Outcome]:
        return [o for o in self.outcomes if o.status not in allowed]

    def latency_ms(self, q: float) -> float:
        ok = sorted(o.latency for o in self.outcomes if o.status in (200, 201))
        if not ok:
            return float("nan")
        return 1000 * ok[min(len(ok) - 1, int(q * len(ok)))]

    def summary(self) -> str:
        done = len(self.outcomes)
        mean = statistics.fmean(o.latency for o in self.outcomes) * 1000 if done else 0
        return (
            f"{done} requests offered at {self.rate}/s for {self.seconds} s, done in "
            f"{self.elapsed:.1f} s; statuses {dict(sorted(self.statuses().items()))}; "
            f"{self.retried()} retried; latency mean {mean:.0f} ms, "
            f"p50 {self.latency_ms(0.5):.0f} ms, p99 {self.latency_ms(0.99):.0f} ms; "
            f"worst lag behind schedule {self.max_lag:.2f} s; {len(self.accepted)} writes accepted"
            + (
                "; CPU ms per request: "
                + ", ".join(f"{k} {1000 * v / max(done, 1):.1f}" for k, v in self.cpu.items())
                if self.cpu
                else ""
            )
        )


class Load:
    def __init__(
        self,
        port: int,
        key: str,
        sessions: list[str],
        phones: list[str],
        *,
        rate: int,
        seconds: int,
        threads: int = 48,
        max_lag: float = float(os.environ.get("FANZHA_SOAK_MAX_LAG", "5")),
        retry_for: float = 0.0,
        prefix: str = "soak",
        cpu: Callable[[], dict[str, float]] | None = None,
    ) -> None:
        self.port, self.key, self.sessions, self.phones = port, key, sessions, phones
        self.rate, self.seconds, self.threads, self.max_lag = rate, seconds, threads, max_lag
        # Besides dropped connections, a write answered 503 is retried for this long.
        self.retry_for = retry_for
        self.prefix = prefix
        self.cpu = cpu  # CPU seconds used by the server's processes so far
        self.report = Report(rate, seconds)
        self.unavailable: list[int] = []  # writes answered 503
        self.lock = threading.Lock()
        self.start = 0.0

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def resend_unavailable(self) -> dict[str, int]:
        """Send the writes answered 503 again, one by one (as upstream does after an outage)."""
        again, self.unavailable = sorted(self.unavailable), []
        before = len(self.report.outcomes)
        for n in again:
            self.send(n)
        return {
            f"{self.prefix}-{n}": o.status
            for n, o in zip(again, self.report.outcomes[before:], strict=True)
        }

    def send(self, n: int) -> None:
        write = (n * 7919) % 100 < WRITE_SHARE
        if write:
            ref = f"{self.prefix}-{n}"
            method, path = "POST", "/api/v1/alerts"
            body: str | None = json.dumps(
                {
                    "source_ref": ref,
                    "level": "high",
                    "target_phone": self.phones[n % len(self.phones)],
                    "contact": "+8617000000000",
                    "fraud_type": "SDFL",
                }
            )
            headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        else:
            method, path, body = "GET", READS[n % len(READS)], None
            session = self.sessions[(n // len(READS)) % len(self.sessions)]
            headers = {} if path == "/health/" else {"Cookie": f"sessionid={session}"}
        first = time.monotonic()
        attempts = 0
        status, data, latency = 0, b"", 0.0
        while True:
            attempts += 1
            began = time.monotonic()
            try:
                status, data = self.request(method, path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                # A killed web worker drops its connections, sometimes in the middle of a
                # response (IncompleteRead, BadStatusLine: not OSErrors). Either way the write
                # may or may not be stored: send it again, as upstream would.
                status, data = 0, repr(exc).encode()
            latency = time.monotonic() - began
            retry = status == 0 and attempts < 5
            if write and status == 503 and time.monotonic() - first < self.retry_for:
                retry = True
            if not retry:
                break
            time.sleep(min(0.2 * attempts, 1.0))
        with self.lock:
            self.report.outcomes.append(
                Outcome(time.monotonic() - self.start, "write" if write else "read", status,
                        attempts, latency, data[:300])
            )  # fmt: skip
            if write and status in (200, 201):
                self.report.accepted.add(f"{self.prefix}-{n}")
            elif write and status == 503:
                self.unavailable.append(n)

    def run(self, faults: dict[float, Callable[[], None]] | None = None) -> Report:
        total = self.rate * self.seconds
        due: queue.Queue[int | None] = queue.Queue()

        def sender() -> None:
            while (n := due.get()) is not None:
                self.send(n)

        pool = [threading.Thread(target=sender, daemon=True) for _ in range(self.threads)]
        for t in pool:
            t.start()
        fault_threads = []

        def run_fault(func: Callable[[], None]) -> None:
            try:
                func()
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.report.fault_errors.append(f"{func.__name__}: {exc!r}")

        pending = sorted((faults or {}).items())
        cpu_before = self.cpu() if self.cpu else {}
        client_before = sum(os.times()[:2])
        self.start = time.monotonic()
        try:
            for n in range(total):
                at = n / self.rate
                while pending and pending[0][0] <= at:
                    ft = threading.Thread(target=run_fault, args=(pending.pop(0)[1],))
                    ft.start()
                    fault_threads.append(ft)
                delay = self.start + at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                # Lag: how long the oldest request still queued has waited past its due time.
                backlog = due.qsize()
                lag = backlog / self.rate
                self.report.max_lag = max(self.report.max_lag, lag)
                if lag > self.max_lag:
                    self.report.elapsed = time.monotonic() - self.start
                    raise AssertionError(
                        f"the server fell {lag:.1f} s behind the offered load of {self.rate} "
                        f"requests/s after {at:.0f} s ({backlog} requests queued in the client); "
                        f"so far: {self.report.summary()}; machine load average "
                        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
                    )
                due.put(n)
        except BaseException:
            while not due.empty():  # failing: drop what has not been sent
                due.get_nowait()
            raise
        finally:
            for _ in pool:
                due.put(None)
            for t in pool:
                t.join(timeout=120)
            for ft in fault_threads:
                ft.join(timeout=120)
            self.report.elapsed = time.monotonic() - self.start
            if self.cpu:
                after = self.cpu()
                # (a restarted process, e.g. PostgreSQL after the outage, starts again from 0)
                self.report.cpu = {
                    k: v - cpu_before.get(k, 0.0)
                    for k, v in after.items()
                    if v >= cpu_before.get(k, 0.0)
                }
            self.report.cpu["client"] = sum(os.times()[:2]) - client_before
        return self.report
