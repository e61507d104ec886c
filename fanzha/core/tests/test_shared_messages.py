"""Django merges every app's catalogue into one per language, and for a message that several
apps translate the app listed first in INSTALLED_APPS wins everywhere. So two apps that translate
the same (context, message) differently show one app's wording in the other: a message used in
two meanings needs a context of its own in one of them."""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

import fanzha

MO = "locale/zh_Hans/LC_MESSAGES/django.mo"


def test_every_app_translates_a_shared_message_alike():
    wordings: dict[object, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for mo in sorted(Path(fanzha.__file__).parent.glob(f"*/{MO}")):
        app = mo.relative_to(Path(fanzha.__file__).parent).parts[0]
        with mo.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog
        for key, text in catalogue.items():
            if key:  # "" is the header
                wordings[key][text].add(app)
    differing = {
        key: {text: sorted(apps) for text, apps in by_text.items()}
        for key, by_text in wordings.items()
        if len(by_text) > 1
    }
    assert differing == {}
