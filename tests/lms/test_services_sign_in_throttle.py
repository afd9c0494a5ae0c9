"""The address throttle stops one address trying many accounts, and lets a factory's crowd of
workers behind one Wi-Fi address in, typos and forgotten PINs included."""

import datetime

import pytest
from django.utils import timezone

from lms.accounts import services, throttle
from lms.accounts.hashers import make_pin_hash
from lms.accounts.selectors import SignInIdentity
from lms.people.factories import FactoryFactory, PersonFactory
from lms.people.models import Person

WIFI = "203.0.113.7"  # the factory's one address
ELSEWHERE = "198.51.100.1"
PIN = "2580"


def phone(n: int) -> str:
    return f"+8551{n:07d}"


def by_phone(n: int) -> SignInIdentity:
    return SignInIdentity(phone=phone(n))


@pytest.fixture
def workers(db):
    """A factory's workers, numbered from 0, each with PIN 2580 and a phone number of their own."""

    def create(count: int) -> list[Person]:
        factory = FactoryFactory(code="PP-001")
        pin_hash = make_pin_hash(PIN)
        Person.objects.bulk_create(
            [
                PersonFactory.build(factory=factory, worker_id=f"W{n:05d}", phone=phone(n), pin=None)
                for n in range(count)
            ]
        )
        Person.objects.filter(factory=factory).update(pin=pin_hash)
        return list(Person.objects.filter(factory=factory).order_by("worker_id"))

    return create


def sign_in(n: int, pin: str = PIN, *, address: str = WIFI, browser: str = "") -> Person:
    """Worker n signs in from `address` in their own phone's browser (or `browser`)."""
    return services.pin_sign_in(identity=by_phone(n), pin=pin, address=address, client=browser or f"phone-{n}")


def wrong(n: int, pin: str = "1357", **where) -> type[Exception]:
    with pytest.raises(services.AccountError) as refused:
        sign_in(n, pin, **where)
    return type(refused.value)


def test_a_shift_of_a_thousand_workers_behind_one_address_all_get_in(workers):
    """At the start of a shift, 1,000 workers sign in through the factory's Wi-Fi: 40 mistype their
    PIN once, 10 mistype their phone number once, 5 have forgotten their PIN and try seven times.
    Everybody who types the right PIN gets in; only the forgetters are refused (their accounts lock)."""
    people = workers(1000)
    typos = set(range(2, 122, 3))  # 40 workers among the first 120
    phone_typos = set(range(10, 160, 15))  # 10 workers
    forgetters = {30, 60, 90, 120, 150}
    signed_in = []
    for n in range(len(people)):
        if n in forgetters:
            refusals = {wrong(n, pin) for pin in ("1357", "2468", "1470", "3690", "1590", "7531", "8642")}
            assert refusals == {services.InvalidCredentials, services.AccountLocked}
            continue
        if n in typos:
            assert wrong(n, "2589") is services.InvalidCredentials
        if n in phone_typos:
            assert wrong(5000 + n) is services.InvalidCredentials  # a number nobody has
        signed_in.append(sign_in(n))
    assert signed_in == [person for n, person in enumerate(people) if n not in forgetters]


def test_one_wrong_pin_tried_across_many_accounts_is_cut_off_by_address(workers, settings):
    """Trying one PIN on account after account from one address is refused after the limit, even
    for an account whose PIN is right; other addresses are not affected."""
    settings.SALA_ADDRESS_MAX_FAILURES = 30
    workers(40)
    for n in range(30):
        assert wrong(n, "1357", browser="attacker") is services.InvalidCredentials
    assert wrong(30, "1357", browser="attacker") is services.AddressThrottled
    assert wrong(31, PIN, browser="attacker") is services.AddressThrottled  # the right PIN too
    assert wrong(31, PIN) is services.AddressThrottled  # and anybody else on that address
    assert sign_in(31, address=ELSEWHERE)


def test_an_attackers_own_account_earns_no_more_tries(workers, settings):
    """Signing in again and again with one account of one's own adds room for one person only."""
    settings.SALA_ADDRESS_MAX_FAILURES = 10
    settings.SALA_ADDRESS_CREDIT_PER_PERSON = 1
    workers(20)
    for _again in range(20):
        sign_in(0, browser="attacker")
    for n in range(1, 12):
        assert wrong(n, "1357", browser="attacker") is services.InvalidCredentials
    assert wrong(12, "1357", browser="attacker") is services.AddressThrottled


def test_only_the_same_browser_signing_in_forgives_a_wrong_try(workers, settings):
    """An attacker's wrong PIN on a worker's account stays counted when the worker then signs in
    from the same Wi-Fi with their own phone; the worker's own typo is forgiven."""
    settings.SALA_ADDRESS_MAX_FAILURES = 3
    settings.SALA_ADDRESS_CREDIT_PER_PERSON = 0
    workers(10)
    for n in range(2):
        wrong(n, "1357", browser="attacker")
        sign_in(n)  # the worker, on their own phone: does not wipe the attacker's try
    assert wrong(2, "1357", browser="attacker") is services.InvalidCredentials
    assert wrong(3, PIN) is services.AddressThrottled


def test_a_typo_then_the_right_pin_does_not_count(workers, settings):
    """Workers who each mistype once then type the right PIN never use up the address's allowance."""
    settings.SALA_ADDRESS_MAX_FAILURES = 2
    settings.SALA_ADDRESS_CREDIT_PER_PERSON = 0
    workers(10)
    for n in range(10):
        assert wrong(n, "2589") is services.InvalidCredentials
        assert sign_in(n)


def test_the_address_may_try_again_when_the_window_ends(workers, settings):
    """The refusal lasts until the end of the current window, and the page can say when that is."""
    settings.SALA_ADDRESS_MAX_FAILURES = 2
    workers(3)
    wrong(0), wrong(1)
    with pytest.raises(services.AddressThrottled) as refused:
        sign_in(2)
    now = timezone.now()
    assert now < refused.value.until <= now + datetime.timedelta(minutes=settings.SALA_ADDRESS_WINDOW_MINUTES)
    assert throttle.address_refused_until(WIFI, refused.value.until) is None


def test_one_account_tried_from_many_addresses_locks(workers):
    """Five wrong PINs for one account, each from another address, lock it everywhere."""
    workers(1)
    for n in range(4):
        assert wrong(0, "1357", address=f"198.51.100.{n}") is services.InvalidCredentials
    assert wrong(0, "1357", address="198.51.100.4") is services.AccountLocked
    assert wrong(0, PIN, address="198.51.100.5") is services.AccountLocked


def test_an_unknown_number_tried_from_many_addresses_locks_like_a_real_one(db):
    """A phone number with no account answers "locked" after five tries from anywhere, like a real one."""
    for n in range(4):
        assert wrong(7777, "1357", address=f"198.51.100.{n}") is services.InvalidCredentials
    assert wrong(7777, "1357", address="198.51.100.4") is services.AccountLocked
