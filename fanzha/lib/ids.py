"""Time-ordered unique identifiers."""

from __future__ import annotations

import os
import time
import uuid

# The same layout in SQL, for rows PostgreSQL writes itself (the alert intake's outbox rows):
# gen_random_uuid() (version 4, RFC variant) with its first 48 bits replaced by the time in
# milliseconds and its version bits turned from 4 into 7.
UUID7_SQL = (
    "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing "
    "substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) "
    "FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid"
)


def uuid7() -> uuid.UUID:
    """A version-7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits.
    Keys made one after another sort together, so a unique index on them grows at its right
    edge instead of dirtying a random page of a large index for every new row."""
    value = (time.time_ns() // 1_000_000 & (1 << 48) - 1) << 80
    value |= int.from_bytes(os.urandom(10), "big")
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 9562 variant
    return uuid.UUID(int=value)
