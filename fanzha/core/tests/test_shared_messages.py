"""Django merges every app's catalogue into one per language, and for a message that several
apps translate the app listed first in INSTALLED_APPS wins everywhere. So two apps that translate
the same (context, message) differently show one app's wording in the other: a message used in
two meanings needs a context of its own in one of them."""

from __future__ import annotations

from fanzha.core.i18n_check import apps, disagreements


def test_every_app_translates_a_shared_message_alike():
    assert disagreements(apps()) == []
