"""Every text of the interface has its Khmer and Chinese translation: a worker never meets an English
sentence because someone added a message and nobody translated it.

The messages are gathered from the code as `makemessages` gathers them (in a copy of the source, so
the catalogues in the repository are left alone) and looked up in the catalogues the site uses.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

SOURCES = ["lms", "courses", "certification", "seminars", "media"]
CATALOGUES = {"km": "km", "zh_Hans": "zh_Hans"}


@pytest.fixture(scope="module")
def gathered(tmp_path_factory):
    """{locale: the .po file makemessages writes from today's code}, with the repository's
    translations merged in as makemessages merges them. It works in a copy of the source and
    writes only there (LOCALE_PATHS points into the copy)."""
    root = tmp_path_factory.mktemp("messages")
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(base / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    here = Path.cwd()
    os.chdir(root)  # makemessages reads the files below the current directory
    try:
        with override_settings(LOCALE_PATHS=[root / "lms" / "locale"]):
            call_command("makemessages", locale=list(CATALOGUES), no_wrap=True, verbosity=0)
    finally:
        os.chdir(here)
    return {
        locale: polib.pofile(str(root / "lms" / "locale" / locale / "LC_MESSAGES" / "django.po"))
        for locale in CATALOGUES
    }


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_every_message_of_the_code_is_translated(gathered, locale):
    """No message of the code lacks a translation, and none is only a guess (fuzzy) that nobody checked."""
    catalogue = gathered[locale]
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    guessed = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} messages without a {locale} translation: {untranslated[:20]}"
    assert not guessed, f"{len(guessed)} {locale} translations marked fuzzy: {guessed[:20]}"


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_the_repository_catalogue_is_the_one_the_code_needs(gathered, locale):
    """The committed catalogue holds every message of the code, so what `make translations` compiles
    is what the pages ask for."""
    committed = polib.pofile(str(Path(settings.BASE_DIR) / "lms" / "locale" / locale / "LC_MESSAGES" / "django.po"))
    have = {(entry.msgctxt, entry.msgid) for entry in committed.translated_entries() if not entry.obsolete}
    needed = {(entry.msgctxt, entry.msgid) for entry in gathered[locale] if not entry.obsolete}
    missing = sorted(msgid for _context, msgid in needed - have)
    assert not missing, f"{len(missing)} messages missing from the committed {locale} catalogue: {missing[:20]}"
