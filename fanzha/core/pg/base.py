"""Django's PostgreSQL backend with a health check that costs no round trip while the
connection is idle and quiet.

With ``CONN_HEALTH_CHECKS`` Django checks a kept connection before the first query of every
request by sending ``SELECT 1``: one round trip per request, for the web process and for the
server. A server that restarts, or terminates the session, closes the socket (usually after a
last error message), which makes an idle connection's socket readable. So: an idle connection
whose socket has nothing to read is taken as usable at once; anything else (data or end of file
waiting, a transaction open, a broken or closed connection) gets Django's own ``SELECT 1`` check.
A peer that vanished without closing (a cut network) is found by the next query instead, which
fails like any query during an outage (503, fanzha.core.unavailable) and closes the connection.
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or getattr(conn, "broken", False):
            return False
        try:
            idle = conn.info.transaction_status == TransactionStatus.IDLE
            readable, _, _ = select.select([conn.fileno()], [], [], 0)
        except (OSError, ValueError, AttributeError, psycopg.Error):
            # e.g. psycopg's "the connection is lost" when libpq has dropped the socket
            return super().is_usable()
        if idle and not readable:
            return True
        return super().is_usable()
