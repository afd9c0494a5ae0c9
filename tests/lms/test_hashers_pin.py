"""PINs are stored with a keyed hash whose key is not in the database; older PIN hashes and older
keys are replaced at the next sign-in; staff passwords keep Django's strong hasher."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher
from django.core.checks import run_checks

from lms.accounts import services
from lms.accounts.hashers import PinHasher, make_pin_hash
from lms.accounts.selectors import SignInIdentity
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

PHONE = "+85512345678"
BY_PHONE = SignInIdentity(phone=PHONE)
KEY_1 = "first-pin-key-for-these-tests-0123456789"
KEY_2 = "second-pin-key-for-these-tests-987654321"
# Where PINs were before: Django's PBKDF2 first (fewer rounds here only to keep the test quick;
# a stored hash carries its own round count), the PIN hasher after it.
PRODUCTION_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "lms.accounts.hashers.PinHasher"]


def pbkdf2(pin: str) -> str:
    return PBKDF2PasswordHasher().encode(pin, PBKDF2PasswordHasher().salt(), iterations=1000)


@pytest.fixture
def worker(db):
    return PersonFactory(phone=PHONE, factory=FactoryFactory(code="PP-001"), worker_id="W00042")


def stored(person) -> str:
    person.refresh_from_db()
    return person.pin


def test_a_chosen_pin_is_stored_with_the_keyed_hash_of_the_newest_key(worker, settings):
    """Activation and a PIN change store `pin_hmac_sha256$<newest key version>$...`, never a password hash."""
    settings.SALA_PIN_KEYS = {2: KEY_2, 1: KEY_1}
    hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    code = services.activation_code_issue(person=worker, issued_by=hr)
    services.account_activate(identity=BY_PHONE, code=code, pin="4826", address="")
    assert stored(worker).startswith("pin_hmac_sha256$2$")
    services.pin_change(person=worker, current_pin="4826", new_pin="7391")
    assert stored(worker).startswith("pin_hmac_sha256$2$") and check_password("7391", worker.pin)


def test_the_stored_pin_is_useless_without_the_key(worker, settings):
    """A copy of the database alone cannot check a PIN: with another key the right PIN does not match."""
    settings.SALA_PIN_KEYS = {1: KEY_1}
    worker.pin = make_pin_hash("4826")
    worker.save()
    settings.SALA_PIN_KEYS = {1: KEY_2}
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=BY_PHONE, pin="4826", address="")


def test_an_old_pbkdf2_pin_signs_in_and_is_stored_again_with_the_keyed_hash(worker, settings):
    """A PIN stored before the keyed hash still works, and from then on is checked in microseconds."""
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    worker.pin = pbkdf2("2580")
    worker.save()
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=BY_PHONE, pin="9999", address="")
    assert stored(worker).startswith("pbkdf2_sha256$")  # a wrong PIN changes nothing
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address="") == worker
    assert stored(worker).startswith("pin_hmac_sha256$1$")
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address="") == worker


def test_people_sharing_the_demo_hash_each_get_their_own_salt(db, settings):
    """The demo's one shared PIN hash becomes a hash of each person's own at their first sign-in."""
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    shared = pbkdf2("2580")
    people = [PersonFactory(phone=f"+8551000000{n}") for n in range(2)]
    for person in people:
        person.pin = shared
        person.save()
        services.pin_sign_in(identity=SignInIdentity(phone=person.phone), pin="2580", address="")
    first, second = (PinHasher().decode(stored(person)) for person in people)
    assert first["salt"] != second["salt"]


def test_keys_rotate_without_anyone_choosing_a_new_pin(worker, settings):
    """With a newer key added, PINs of the older key still work and move to the newer one; once
    everybody has moved, the old key can go."""
    settings.SALA_PIN_KEYS = {1: KEY_1}
    worker.pin = make_pin_hash("2580")
    worker.save()
    settings.SALA_PIN_KEYS = {1: KEY_1, 2: KEY_2}
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address="") == worker
    assert stored(worker).startswith("pin_hmac_sha256$2$")
    settings.SALA_PIN_KEYS = {2: KEY_2}
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address="") == worker


def test_a_pin_on_the_newest_key_is_not_written_again_at_sign_in(worker, settings):
    """Signing in with a PIN already stored with the newest key writes nothing back."""
    settings.SALA_PIN_KEYS = {1: KEY_1}
    worker.pin = before = make_pin_hash("2580")
    worker.save()
    services.pin_sign_in(identity=BY_PHONE, pin="2580", address="")
    assert stored(worker) == before


def test_a_pin_whose_key_was_removed_fails_like_a_wrong_pin(worker, settings):
    """Removing a key too early does not crash sign-in: those PINs fail with the usual words."""
    settings.SALA_PIN_KEYS = {1: KEY_1}
    worker.pin = make_pin_hash("2580")
    worker.save()
    settings.SALA_PIN_KEYS = {2: KEY_2}
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=BY_PHONE, pin="2580", address="")


def test_without_configured_keys_development_uses_a_key_of_its_own(worker, settings):
    """Without SALA_PIN_KEYS (development, tests), PINs work with a key derived from SECRET_KEY,
    as version 0, and depend on it."""
    settings.SALA_PIN_KEYS = {}
    worker.pin = make_pin_hash("2580")
    worker.save()
    assert worker.pin.startswith("pin_hmac_sha256$0$")
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address="") == worker
    settings.SECRET_KEY = "another-development-secret-key"
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=BY_PHONE, pin="2580", address="")


def test_the_admin_summary_of_a_pin_hash_shows_no_secret(settings):
    """What Django shows of a PIN hash: its algorithm and key version, the salt and hash masked."""
    settings.SALA_PIN_KEYS = {3: KEY_1}
    encoded = make_pin_hash("2580")
    summary = identify_hasher(encoded).safe_summary(encoded)
    decoded = PinHasher().decode(encoded)
    assert summary["algorithm"] == "pin_hmac_sha256" and summary["key version"] == 3
    assert decoded["hash"] not in str(summary.values()) and decoded["salt"] not in str(summary.values())


def test_staff_password_sign_in_keeps_the_password_hasher(db, settings):
    """A staff password is checked and kept with Django's password hasher, never turned into a PIN hash."""
    staff = StaffFactory(username="trainer", roles=[Role.TRAINER])
    staff.pin = make_pin_hash("2580")
    staff.save()
    before = staff.password
    assert services.password_sign_in(username="trainer", password="correct horse battery staple", address="")
    staff.refresh_from_db()
    assert staff.password == before and identify_hasher(staff.password).algorithm == "md5"
    staff.set_password("a new long passphrase")
    assert identify_hasher(staff.password).algorithm == "md5"


def test_an_old_password_hash_is_upgraded_to_the_strong_hasher_not_the_pin_one(db, settings):
    """When Django upgrades a staff password at sign-in, it goes to the first (strong) hasher."""
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    staff = StaffFactory(username="trainer", roles=[Role.TRAINER])
    staff.password = pbkdf2("a long staff passphrase")  # fewer rounds than the default: upgraded
    staff.save()
    assert services.password_sign_in(username="trainer", password="a long staff passphrase", address="")
    staff.refresh_from_db()
    assert staff.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")


def test_the_pin_hasher_first_in_password_hashers_stops_start_up(settings):
    """Listing the PIN hasher first (passwords would be stored with it), or not at all, is an error."""
    settings.PASSWORD_HASHERS = ["lms.accounts.hashers.PinHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert "accounts.E002" in {message.id for message in run_checks()}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert "accounts.E001" in {message.id for message in run_checks()}
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    assert not {message.id for message in run_checks()} & {"accounts.E001", "accounts.E002"}
