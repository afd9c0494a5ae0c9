"""PIN sign-in, lockout, address throttling and activation codes, at the service layer."""

import datetime

import factory as factory_boy
import pytest
from django.contrib.auth.hashers import check_password
from django.utils import timezone

from lms.accounts import services
from lms.accounts.models import ActivationCode
from lms.accounts.selectors import SignInIdentity
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

PHONE = "+85512345678"
BY_PHONE = SignInIdentity(phone=PHONE)
ADDRESS = "203.0.113.7"


@pytest.fixture
def worker(db):
    return PersonFactory(phone=PHONE, pin="2580", factory=FactoryFactory(code="PP-001"), worker_id="W00042")


@pytest.fixture
def hr(worker):
    return PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])


def test_worker_signs_in_with_phone_and_pin(worker):
    """The right phone number and PIN sign the worker in."""
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address=ADDRESS) == worker


def test_worker_signs_in_with_factory_code_and_worker_id(worker):
    """Factory code (any case) and worker ID work instead of a phone number."""
    identity = SignInIdentity(factory_code="pp-001", worker_id="W00042")
    assert services.pin_sign_in(identity=identity, pin="2580", address=ADDRESS) == worker


def test_unknown_phone_and_wrong_pin_fail_alike(worker):
    """Nobody can tell from the error whether a phone number has an account."""
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=SignInIdentity(phone="+85599999999"), pin="2580", address=ADDRESS)
    with pytest.raises(services.InvalidCredentials):
        services.pin_sign_in(identity=BY_PHONE, pin="0000", address=ADDRESS)


def test_five_wrong_pins_lock_the_account_for_fifteen_minutes(worker):
    """After five wrong PINs even the right PIN is refused until the lock ends."""
    for _attempt in range(4):
        with pytest.raises(services.InvalidCredentials):
            services.pin_sign_in(identity=BY_PHONE, pin="9999", address=ADDRESS)
    with pytest.raises(services.AccountLocked) as locked:
        services.pin_sign_in(identity=BY_PHONE, pin="9999", address=ADDRESS)
    minutes = (locked.value.until - timezone.now()).total_seconds() / 60
    assert 14 < minutes <= 15
    with pytest.raises(services.AccountLocked):
        services.pin_sign_in(identity=BY_PHONE, pin="2580", address=ADDRESS)


def test_lock_ends_after_fifteen_minutes(worker):
    """Once the lock time has passed the worker signs in again and the count starts afresh."""
    worker.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    worker.failed_pin_attempts = 4
    worker.save()
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address=ADDRESS) == worker
    worker.refresh_from_db()
    assert worker.failed_pin_attempts == 0 and worker.locked_until is None


def test_right_pin_resets_the_count_of_wrong_ones(worker):
    """Four mistakes then a success, then four more mistakes, do not lock the account."""
    for _round in range(2):
        for _attempt in range(4):
            with pytest.raises(services.InvalidCredentials):
                services.pin_sign_in(identity=BY_PHONE, pin="9999", address=ADDRESS)
        services.pin_sign_in(identity=BY_PHONE, pin="2580", address=ADDRESS)


def test_one_address_trying_many_accounts_is_throttled(db, settings):
    """An address that keeps failing across many accounts is refused, even for a right PIN."""
    settings.SALA_ADDRESS_MAX_FAILURES = 6
    people = PersonFactory.create_batch(6, pin="2580", phone=factory_phone())
    for person in people:
        with pytest.raises(services.InvalidCredentials):
            services.pin_sign_in(identity=SignInIdentity(phone=person.phone), pin="1357", address=ADDRESS)
    with pytest.raises(services.AddressThrottled):
        services.pin_sign_in(identity=SignInIdentity(phone=people[0].phone), pin="2580", address=ADDRESS)
    assert services.pin_sign_in(identity=SignInIdentity(phone=people[0].phone), pin="2580", address="198.51.100.1")


def factory_phone():
    return factory_boy.Sequence(lambda n: f"+8551{n:07d}")


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "１２３４", "1111", "1234", "9876", "   "])
def test_pin_rules_refuse_short_long_and_trivial_pins(pin):
    """PINs must be 4-6 digits and not trivially guessable."""
    with pytest.raises(services.InvalidPin):
        services.validate_pin(pin)


def test_activation_sets_the_chosen_pin_once(worker, hr):
    """A worker with a code from HR chooses a PIN; the same code never works twice."""
    worker.pin = ""
    worker.save()
    code = services.activation_code_issue(person=worker, issued_by=hr)
    assert len(code) == 8 and not ActivationCode.objects.filter(code_hash__contains=code).exists()
    person = services.account_activate(identity=BY_PHONE, code=code.lower(), pin="4826", address=ADDRESS)
    assert person == worker and check_password("4826", person.pin)
    with pytest.raises(services.InvalidCredentials):
        services.account_activate(identity=BY_PHONE, code=code, pin="7391", address=ADDRESS)
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)


def test_new_code_voids_the_old_one(worker, hr):
    """When HR reissues a card, the code on the old card stops working."""
    old = services.activation_code_issue(person=worker, issued_by=hr)
    new = services.activation_code_issue(person=worker, issued_by=hr)
    with pytest.raises(services.InvalidCredentials):
        services.account_activate(identity=BY_PHONE, code=old, pin="4826", address=ADDRESS)
    assert services.account_activate(identity=BY_PHONE, code=new, pin="4826", address=ADDRESS) == worker


def test_expired_code_does_not_work(worker, hr):
    """A code older than its validity is refused."""
    code = services.activation_code_issue(person=worker, issued_by=hr)
    ActivationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.InvalidCredentials):
        services.account_activate(identity=BY_PHONE, code=code, pin="4826", address=ADDRESS)


def test_code_works_only_with_its_own_worker(worker, hr):
    """A code typed with another worker's phone number is refused and changes nothing."""
    other = PersonFactory(factory=worker.factory, phone="+85598765432", pin="1357")
    code = services.activation_code_issue(person=worker, issued_by=hr)
    with pytest.raises(services.InvalidCredentials):
        services.account_activate(identity=SignInIdentity(phone=other.phone), code=code, pin="4826", address=ADDRESS)
    other.refresh_from_db()
    assert check_password("1357", other.pin)


def test_wrong_codes_count_towards_lockout(worker, hr):
    """Guessing activation codes locks the account just like guessing PINs."""
    services.activation_code_issue(person=worker, issued_by=hr)
    for _attempt in range(4):
        with pytest.raises(services.InvalidCredentials):
            services.account_activate(identity=BY_PHONE, code="AAAAAAAA", pin="4826", address=ADDRESS)
    with pytest.raises(services.AccountLocked):
        services.account_activate(identity=BY_PHONE, code="AAAAAAAA", pin="4826", address=ADDRESS)


def test_bad_new_pin_does_not_use_up_the_code(worker, hr):
    """Choosing a trivial PIN gives a message and the code still works afterwards."""
    code = services.activation_code_issue(person=worker, issued_by=hr)
    with pytest.raises(services.InvalidPin):
        services.account_activate(identity=BY_PHONE, code=code, pin="1111", address=ADDRESS)
    assert services.account_activate(identity=BY_PHONE, code=code, pin="4826", address=ADDRESS) == worker


def test_hr_of_another_factory_cannot_issue_codes_or_unlock(worker):
    """HR of factory B can neither issue a code for nor unlock a worker of factory A."""
    other_hr = PersonFactory(factory=FactoryFactory(code="KD-002"), roles=[Role.FACTORY_HR])
    with pytest.raises(services.NotAllowed):
        services.activation_code_issue(person=worker, issued_by=other_hr)
    with pytest.raises(services.NotAllowed):
        services.account_unlock(person=worker, unlocked_by=other_hr)
    assert not ActivationCode.objects.exists()


def test_hr_unlocks_a_locked_worker(worker, hr):
    """HR lifts the lock and the worker signs in at once."""
    worker.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    worker.save()
    services.account_unlock(person=worker, unlocked_by=hr)
    assert services.pin_sign_in(identity=BY_PHONE, pin="2580", address=ADDRESS) == worker


def test_pin_change_needs_the_current_pin(worker):
    """A wrong current PIN is refused and the PIN stays; the right one changes it."""
    with pytest.raises(services.InvalidCredentials):
        services.pin_change(person=worker, current_pin="0000", new_pin="4826")
    worker.refresh_from_db()
    assert worker.failed_pin_attempts == 1 and check_password("2580", worker.pin)
    services.pin_change(person=worker, current_pin="2580", new_pin="4826")
    assert check_password("4826", worker.pin)
