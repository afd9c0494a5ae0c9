"""manage.py pin_hashes tells when an old PIN key may be removed."""

import io

from django.core.management import call_command

from lms.accounts.hashers import make_pin_hash
from lms.people.factories import PersonFactory

KEY_1 = "first-pin-key-for-these-tests-0123456789"
KEY_2 = "second-pin-key-for-these-tests-987654321"


def test_pins_are_counted_by_key_version_and_older_hasher(db, settings):
    """PINs on each key and on an older hasher are counted apart; people without a PIN are not counted."""
    settings.SALA_PIN_KEYS = {1: KEY_1}
    on_old_key = make_pin_hash("2580")
    settings.SALA_PIN_KEYS = {2: KEY_2, 1: KEY_1}
    PersonFactory.create_batch(3, pin="2580")  # the tests' password hasher: an older hasher for PINs
    PersonFactory.create_batch(2, pin=None)  # no PIN yet: not counted
    for person in PersonFactory.create_batch(2):
        person.pin = on_old_key
        person.save()
    person = PersonFactory()
    person.pin = make_pin_hash("4826")
    person.save()
    out = io.StringIO()
    call_command("pin_hashes", stdout=out)
    lines = [" ".join(line.split()) for line in out.getvalue().splitlines()]
    assert lines == [
        "1 pin_hmac_sha256 key 2 (the newest key)",
        "2 pin_hmac_sha256 key 1 (an older key: keep it in SALA_PIN_KEYS until this count is 0)",
        "3 md5 (an older hasher: stored again with the newest key at the next sign-in)",
    ]
