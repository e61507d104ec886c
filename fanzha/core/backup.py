"""Backups of the database and uploaded files, for SQLite and PostgreSQL.

An archive (``.tar.gz``) holds ``manifest.json``, the database (an online SQLite copy made with
the backup API, or a ``pg_dump`` custom-format dump) and the media folder. It never holds the
encryption keys: identifiers inside stay encrypted, and the key file is backed up separately
(the manifest records a fingerprint of the index key so restore can tell a wrong key early).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from fanzha.lib import crypto

FORMAT = 1


class BackupError(Exception):
    pass


def key_fingerprint() -> str:
    return hashlib.sha256(crypto.keyring().index_key).hexdigest()[:16]


def _pg_env(db: Any) -> tuple[list[str], dict[str, str]]:
    import os

    args = [
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
    ]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def backup(output: Path) -> dict[str, Any]:
    db = settings.DATABASES["default"]
    vendor = connection.vendor
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "vendor": vendor,
        "key_fingerprint": key_fingerprint(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            target = sqlite3.connect(work / "db.sqlite3")
            source = sqlite3.connect(str(db["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
            manifest["database"] = "db.sqlite3"
        elif vendor == "postgresql":
            args, env = _pg_env(db)
            result = subprocess.run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "--no-acl",
                    *args,
                    "-f",
                    str(work / "db.pgdump"),
                    str(db["NAME"]),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
            manifest["database"] = "db.pgdump"
        else:
            raise BackupError(f"unsupported database: {vendor}")
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_suffix(output.suffix + ".partial")
        # Residents' names and addresses are in it: readable by the owner only, from the start.
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / str(manifest["database"]), arcname=str(manifest["database"]))
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(output)  # a crash never leaves a half-written archive under the name
    return manifest


def _extract(archive: Path, work: Path) -> None:
    """Unpack ``archive`` into ``work``: plain files and folders inside it, nothing else. Python
    3.11.4+ does this with the "data" filter; Debian 12's Python 3.11.2 has no filters, so there
    the entries are checked here before anything is written."""
    with tarfile.open(archive, "r:gz") as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(work, filter="data")
            return
        root = work.resolve()
        members = tar.getmembers()
        for member in members:
            inside = (root / member.name).resolve().is_relative_to(root)
            if not inside or not (member.isfile() or member.isdir()):
                raise BackupError(f"unsafe entry in the archive: {member.name}")
        tar.extractall(work, members=members)  # noqa: S202 - every entry checked above


def restore(archive: Path) -> dict[str, Any]:
    db = settings.DATABASES["default"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _extract(archive, work)
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown backup format")
        if manifest["key_fingerprint"] != key_fingerprint():
            raise BackupError(
                "The encryption keys do not match the backup: restore the key file that was "
                "in use when the backup was made (FANZHA_KEYS / FANZHA_KEY_FILE)."
            )
        vendor = connection.vendor
        if manifest["vendor"] != vendor:
            raise BackupError(f"backup is from {manifest['vendor']}, this database is {vendor}")
        connections.close_all()
        if vendor == "sqlite":
            source = sqlite3.connect(work / "db.sqlite3")
            target = sqlite3.connect(str(db["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            args, env = _pg_env(db)
            result = subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    *args,
                    "-d",
                    str(db["NAME"]),
                    str(work / "db.pgdump"),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")
        media = work / "media"
        if media.exists():
            target_media = Path(settings.MEDIA_ROOT)
            if target_media.exists():
                shutil.rmtree(target_media)
            shutil.copytree(media, target_media)
    return manifest
