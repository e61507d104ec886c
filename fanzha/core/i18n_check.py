"""Check every app's zh_Hans catalogue: nothing untranslated or fuzzy, the committed .mo is what
the .po compiles to, no string marked for translation in the app's code or templates is
missing from its catalogue (so no English reaches a user), and no message is translated one way
in one app and another way in another (Django merges the catalogues and the first app in
INSTALLED_APPS wins, so one app would show the other's wording).

Run: ``python -m fanzha.core.i18n_check`` (``make test`` does). Needs GNU gettext.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PO = Path("locale/zh_Hans/LC_MESSAGES/django.po")


def msgids(po_text: str) -> set[str]:
    ids: set[str] = set()
    current: list[str] | None = None
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current = [line[7:-1]]
        elif current is not None and line.startswith('"'):
            current.append(line[1:-1])
        elif current is not None:
            text = "".join(current)
            if text:
                ids.add(text)
            current = None
    return ids


def _describe(key: str | tuple[str, int]) -> str:
    """A compiled catalogue's key ("context\x04msgid", or (msgid, plural form)) for a person."""
    msgid, form = key if isinstance(key, tuple) else (key, None)
    context, _sep, msgid = msgid.rpartition("\x04")
    what = repr(msgid) + (f" (context {context!r})" if context else "")
    return what + (f" (plural form {form})" if form is not None else "")


def disagreements(apps: list[Path]) -> list[str]:
    """Every message that two apps' compiled catalogues translate differently, naming the apps
    and each wording. The .mo files are read as Django reads them (untranslated and fuzzy
    entries are not in them); ``check_app`` reports a .mo that is not its .po compiled."""
    wordings: dict[Any, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in apps:
        mo = (app / PO).with_suffix(".mo")
        if mo.exists():
            with mo.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            for key, text in catalogue.items():
                if key:  # "" is the header
                    wordings[key][text].append(app.name)
    problems = []
    for key, by_text in sorted(wordings.items(), key=lambda item: str(item[0])):
        if len(by_text) > 1:
            ways = "; ".join(f"{text!r} in {', '.join(names)}" for text, names in by_text.items())
            problems.append(
                f"{_describe(key)} is translated differently: {ways} (one app's wording shows"
                " in all of them: use one wording, or give each meaning its own context)"
            )
    return problems


def apps() -> list[Path]:
    """The project's apps (each may have a catalogue)."""
    return sorted(p for p in ROOT.iterdir() if (p / "apps.py").exists())


def check_app(app: Path) -> list[str]:
    problems: list[str] = []
    po = app / PO
    has_strings = _marked_strings(app)
    if not po.exists():
        return [f"{app.name}: strings marked for translation but no {PO}"] if has_strings else []
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    if stats.returncode != 0:
        problems.append(f"{app.name}: msgfmt --check failed: {stats.stderr.strip()}")
    elif "untranslated" in stats.stderr or "fuzzy" in stats.stderr:
        problems.append(f"{app.name}: {stats.stderr.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        compiled = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=False)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
            problems.append(f"{app.name}: {mo} is missing or stale (run make messages)")
        missing = has_strings - msgids(po.read_text(encoding="utf-8"))
        if missing:
            sample = ", ".join(sorted(missing)[:5])
            problems.append(f"{app.name}: {len(missing)} strings not in the catalogue: {sample}")
    return problems


_IGNORE = shutil.ignore_patterns("locale", "static", "__pycache__", "migrations", "tests")


def _extract(app: Path, dest: Path) -> Path | None:
    """Run makemessages on a scratch copy of the app (core also carries fanzha/lib, which is
    not an app of its own); returns the extracted .po or None when nothing is marked."""
    copy = dest / app.name
    shutil.copytree(app, copy, ignore=_IGNORE)
    if app.name == "core":
        shutil.copytree(ROOT / "lib", copy / "lib", ignore=_IGNORE)
        shutil.copytree(
            ROOT / "templates", copy / "project_templates", ignore=_IGNORE, dirs_exist_ok=True
        ) if (ROOT / "templates").exists() else None
    (copy / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "fanzha",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    out = copy / PO
    return out if out.exists() else None


def _marked_strings(app: Path) -> set[str]:
    """The msgids makemessages would extract from this app."""
    with tempfile.TemporaryDirectory() as tmp:
        out = _extract(app, Path(tmp))
        return msgids(out.read_text(encoding="utf-8")) if out else set()


def update_app(app: Path) -> None:
    """Bring the app's catalogue up to date with its code (keeping existing translations) and
    compile it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = _extract(app, Path(tmp))
        if out is None:
            return
        po = app / PO
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            merged = subprocess.run(
                ["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-location", str(po), str(out)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            po.write_text(merged, encoding="utf-8")
            subprocess.run(["msgattrib", "--no-obsolete", "-o", str(po), str(po)], check=True)
        else:
            shutil.copy(out, po)
        subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=False)


def main() -> int:
    every_app = apps()
    if "--update" in sys.argv:
        for app in every_app:
            update_app(app)
        return 0
    problems: list[str] = []
    for app in every_app:
        problems.extend(check_app(app))
    problems.extend(disagreements(every_app))
    for p in problems:
        print(p)
    print("translations: ok" if not problems else f"translations: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
