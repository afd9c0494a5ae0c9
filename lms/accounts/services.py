"""Signing in with a PIN, choosing one with an activation code, lockout and unlocking.

Workers have no email address and no password. They are identified by their phone number, or by
their factory's code and their worker ID, and prove who they are with a PIN of 4 to 6 digits.
A worker who has no PIN yet activates the account with a one-time code from factory HR.

Guessing is limited twice: five wrong PINs lock the account for fifteen minutes, and one network
address that keeps failing (trying one PIN across many accounts) is refused for a while, without
refusing a factory's workers behind one Wi-Fi address (lms/accounts/throttle.py).
Every failure looks the same from outside and costs the same time, so nobody learns which phone
numbers or worker IDs have accounts. PINs are stored with a keyed hash (lms/accounts/hashers.py).
"""

import datetime
import secrets
from collections.abc import Collection
from functools import cache as memoise
from typing import NoReturn

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from lms.people.models import Person
from lms.people.normalise import normalise_identifier
from lms.people.permissions import (
    people_visible_to,
    people_whose_sign_in_is_managed_by,
    user_can_manage_people,
    user_can_manage_sign_in,
)

from . import throttle
from .hashers import make_pin_hash, pin_verify
from .models import ActivationCode
from .selectors import SignInIdentity, account_is_locked, person_for_password, person_for_sign_in

# Letters and digits that cannot be mistaken for one another on a printed card.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@memoise
def _timing_password_hash() -> str:
    """Checked against when no staff account matches, so an unknown username costs the time of a
    real password check (Django's slow hasher) and answers no faster than a known one."""
    return make_password("not-a-real-password")


class AccountError(Exception):
    """Signing in or activating failed; the view shows a plain message for each kind."""


class InvalidCredentials(AccountError):
    """The identity, PIN or code is not right (which one is never said)."""


class AccountLocked(AccountError):
    """Too many wrong tries for this identity. Said the same way whether the account exists or not."""

    def __init__(self, until: datetime.datetime):
        super().__init__("account locked")
        self.until = until


class AddressThrottled(AccountError):
    """Too many failures from one network address; it may try again at `until`."""

    def __init__(self, until: datetime.datetime):
        super().__init__("address throttled")
        self.until = until


class InvalidPin(AccountError):
    """The new PIN breaks a rule; the message says which, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(AccountError):
    """The acting user may not manage this person."""


class NoPeopleChosen(AccountError):
    """A login-card request names nobody."""


class TooManyPeople(AccountError):
    """More people chosen than one batch of login cards takes."""

    def __init__(self, *, found: int, limit: int):
        super().__init__(found, limit)
        self.found, self.limit = found, limit


class PeopleNotFound(AccountError):
    """A login-card request names someone the acting user cannot see (or the user manages nobody)."""


def validate_pin(pin: str) -> None:
    """A PIN is 4 to 6 digits and not one anybody would guess first."""
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6):
        raise InvalidPin(_("A PIN is 4 to 6 digits, numbers only."))
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps == {0} or steps == {1} or steps == {-1}:
        raise InvalidPin(_("This PIN is too easy to guess (like 1111 or 1234). Choose another."))


# --- Per-account lockout -----------------------------------------------------------------------
#
# A known account counts its wrong tries in the database. An identity that matches nobody counts
# them in the cache, the same way, so the fifth wrong try locks it too: from outside, an unknown
# phone number, worker ID or username looks exactly like an account that exists.


def _lockout() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.SALA_PIN_LOCKOUT_MINUTES)


def _record_wrong_secret(person: Person, now: datetime.datetime) -> NoReturn:
    """Count a wrong PIN, password or code; the fifth in a row locks the account. Raises the outcome."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        locked.failed_pin_attempts += 1
        if locked.failed_pin_attempts >= settings.SALA_PIN_MAX_ATTEMPTS:
            locked.failed_pin_attempts = 0
            locked.locked_until = now + _lockout()
        locked.save(update_fields=["failed_pin_attempts", "locked_until"])
    if account_is_locked(locked, now):
        raise AccountLocked(locked.locked_until)
    raise InvalidCredentials()


def _signed_in(person: Person, *, address: str, client: str, now: datetime.datetime, pin_hash: str = "") -> Person:
    """The secret was right: clear the count of wrong tries, store the PIN again with the current
    hasher and key if it was stored with an older one (`pin_hash`), and tell the throttle."""
    fields = []
    if person.failed_pin_attempts or person.locked_until:
        person.failed_pin_attempts, person.locked_until = 0, None
        fields += ["failed_pin_attempts", "locked_until"]
    if pin_hash:
        person.pin = pin_hash
        fields.append("pin")
    if fields:
        person.save(update_fields=fields)
    throttle.address_record_success(address, person_id=person.pk, client=client, now=now)
    return person


def _unknown_key(identity: str) -> str:
    # Keyed by an HMAC: the cache never holds the phone numbers or usernames people typed.
    return "sala:signin-unknown:" + salted_hmac("sala.accounts.unknown-identity", identity).hexdigest()


def _record_wrong_unknown(identity: str, now: datetime.datetime) -> NoReturn:
    """Count a try for an identity that matches nobody, exactly as _record_wrong_secret would."""
    key = _unknown_key(identity)
    until = cache.get(f"{key}:locked")
    if until is not None and until > now:
        raise AccountLocked(until)
    cache.add(key, 0, timeout=24 * 60 * 60)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=24 * 60 * 60)
        failures = 1
    if failures >= settings.SALA_PIN_MAX_ATTEMPTS:
        cache.delete(key)
        until = now + _lockout()
        cache.set(f"{key}:locked", until, timeout=int(_lockout().total_seconds()))
        raise AccountLocked(until)
    raise InvalidCredentials()


def _refuse(person: Person | None, identity: str, address: str, client: str, now: datetime.datetime) -> NoReturn:
    """A wrong secret, a locked account or nobody at all: the same kinds of answer.

    Callers have already spent one hash check whatever the case, so the time taken tells nothing.
    """
    throttle.address_record_failure(address, person_id=person.pk if person else None, client=client, now=now)
    if person is None:
        _record_wrong_unknown(identity, now)
    if account_is_locked(person, now):
        raise AccountLocked(person.locked_until)
    _record_wrong_secret(person, now)


def _unless_throttled(address: str, now: datetime.datetime) -> None:
    until = throttle.address_refused_until(address, now)
    if until is not None:
        raise AddressThrottled(until)


def pin_sign_in(*, identity: SignInIdentity, pin: str, address: str, client: str = "") -> Person:
    """Return the person whose identity and PIN match, or raise an AccountError.

    `address` is the network address, `client` an opaque name of the browser (backends.sign_in_client):
    with both, a mistyped PIN followed by the right one does not count against the address.
    A PIN stored with an older hasher or key is stored again with the current key.
    """
    now = timezone.now()
    _unless_throttled(address, now)
    person = person_for_sign_in(identity)
    # A person without a PIN fails exactly like a wrong PIN: the account's state stays private.
    usable = person is not None and bool(person.pin) and not account_is_locked(person, now)
    right, stale = pin_verify(pin, person.pin if usable else "")
    if not (right and usable):
        _refuse(person, identity.key, address, client, now)
    return _signed_in(person, address=address, client=client, now=now, pin_hash=make_pin_hash(pin) if stale else "")


def password_sign_in(*, username: str, password: str, address: str, client: str = "") -> Person:
    """Staff sign-in with a username (or email address) and password, wherever it happens.

    Every password form — Sala's sign-in page, the admin's, Wagtail's own — reaches this through
    the authentication backend, so the address throttle and the account lockout apply to all.
    The password is checked, and upgraded when Django's hasher asks, with Django's default hasher.
    """
    now = timezone.now()
    _unless_throttled(address, now)
    person = person_for_password(username)
    usable = (
        person is not None and person.is_active and person.has_usable_password() and not account_is_locked(person, now)
    )
    right = person.check_password(password) if usable else check_password(password, _timing_password_hash()) and False
    if not right:
        _refuse(person, f"password:{username.strip().lower()}", address, client, now)
    return _signed_in(person, address=address, client=client, now=now)


# --- Activation codes --------------------------------------------------------------------------


def normalise_code(raw: str) -> str:
    """What people type from a card: any case, with or without spaces and dashes."""
    return "".join(ch for ch in normalise_identifier(raw).upper() if ch.isascii() and ch.isalnum())


def _code_hash(code: str) -> str:
    # Codes are long random secrets, so a keyed HMAC is as safe as a slow password hash here and
    # lets HR print cards for a whole production line in a second.
    return salted_hmac("sala.accounts.activation-code", normalise_code(code)).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


@transaction.atomic
def activation_code_issue(*, person: Person, issued_by: Person) -> str:
    """Give a person a new one-time code (returned once, stored hashed); older codes stop working.

    Issuing a code also unlocks the account: HR issues one to a worker who forgot the PIN.
    """
    if not user_can_manage_sign_in(issued_by, person):
        raise NotAllowed()
    return _codes_issue([person], issued_by=issued_by)[person.pk]


def _codes_issue(people: list[Person], *, issued_by: Person) -> dict[int, str]:
    """person id → new code, for people the caller has checked; a few queries however many."""
    now = timezone.now()
    ids = [person.pk for person in people]
    ActivationCode.objects.filter(person_id__in=ids, used_at__isnull=True, voided_at__isnull=True).update(voided_at=now)
    codes = {person.pk: _new_code() for person in people}
    expires_at = now + datetime.timedelta(days=settings.SALA_ACTIVATION_CODE_DAYS)
    ActivationCode.objects.bulk_create(
        [
            ActivationCode(
                person=person,
                code_hash=_code_hash(codes[person.pk]),
                issued_by=issued_by,
                issued_at=now,
                expires_at=expires_at,
            )
            for person in people
        ],
        batch_size=1000,
    )
    Person.objects.filter(pk__in=ids).exclude(failed_pin_attempts=0, locked_until=None).update(
        failed_pin_attempts=0, locked_until=None
    )
    for person in people:
        person.failed_pin_attempts, person.locked_until = 0, None
    return codes


def account_activate(*, identity: SignInIdentity, code: str, pin: str, address: str, client: str = "") -> Person:
    """Check the one-time code, set the chosen PIN and use the code up. Returns the person.

    A wrong code counts towards the lockout exactly like a wrong PIN.
    """
    validate_pin(pin)
    now = timezone.now()
    _unless_throttled(address, now)
    person = person_for_sign_in(identity)
    match = None
    if person is not None and not account_is_locked(person, now):
        wanted = _code_hash(code)
        open_codes = ActivationCode.objects.filter(
            person=person, used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
        )
        match = next((c for c in open_codes if constant_time_compare(c.code_hash, wanted)), None)
    if match is None:
        _refuse(person, identity.key, address, client, now)
    with transaction.atomic():
        updated = ActivationCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=now)
        if not updated:  # used by a simultaneous request
            raise InvalidCredentials()
        _signed_in(person, address=address, client=client, now=now, pin_hash=make_pin_hash(pin))
    return person


def pin_change(*, person: Person, current_pin: str, new_pin: str) -> Person:
    """A signed-in person replaces their PIN after proving they know the current one.

    Not one transaction: a wrong current PIN must stay counted towards the lockout.
    """
    now = timezone.now()
    if account_is_locked(person, now):
        raise AccountLocked(person.locked_until)
    if not pin_verify(current_pin, person.pin)[0]:
        _record_wrong_secret(person, now)
    validate_pin(new_pin)
    person.pin = make_pin_hash(new_pin)
    person.failed_pin_attempts = 0
    person.save(update_fields=["pin", "failed_pin_attempts"])
    return person


@transaction.atomic
def account_unlock(*, person: Person, unlocked_by: Person) -> Person:
    """HR or programme staff lift a lockout before the fifteen minutes are up."""
    if not user_can_manage_sign_in(unlocked_by, person):
        raise NotAllowed()
    person.failed_pin_attempts, person.locked_until = 0, None
    person.save(update_fields=["failed_pin_attempts", "locked_until"])
    return person


# A few production lines at most (125 A4 sheets): a longer list is better printed in parts, and
# any longer one is a mistake or an attack, not a print job.
MAX_CARDS = 500


@transaction.atomic
def login_cards_issue(*, person_ids: Collection[int], issued_by: Person) -> list[tuple[Person, str]]:
    """New one-time codes for the chosen people, as (person, code) in a stable order.

    All or nothing: someone the user cannot see raises PeopleNotFound; someone whose sign-in only
    programme staff may handle (anyone with a role) raises NotAllowed; nothing is issued by half.
    """
    if not user_can_manage_people(issued_by):
        raise PeopleNotFound()
    ids = set(person_ids)
    if not ids:
        raise NoPeopleChosen()
    if len(ids) > MAX_CARDS:
        raise TooManyPeople(found=len(ids), limit=MAX_CARDS)
    if people_visible_to(issued_by).filter(pk__in=ids).count() != len(ids):
        raise PeopleNotFound()
    people = list(people_whose_sign_in_is_managed_by(issued_by).filter(pk__in=ids).select_related("factory"))
    if len(people) != len(ids):
        raise NotAllowed()
    # Everyone was checked at once above; issuing is a few queries however long the list.
    codes = _codes_issue(people, issued_by=issued_by)
    return [(person, codes[person.pk]) for person in people]


@transaction.atomic
def login_cards_issue_for_search(
    *, people: QuerySet[Person], issued_by: Person
) -> tuple[list[tuple[Person, str]], int]:
    """New one-time codes for everyone a search of the people list finds, on every page.

    `people` is that search, already limited to whom `issued_by` may see. Unlike a list of ticked
    people, a search is not refused whole for the role holders it finds: they are left out (only
    programme staff handle their sign-in) and counted. Returns ((person, code) pairs, how many were
    left out). Raises TooManyPeople above MAX_CARDS, before anything is issued; NotAllowed when
    everyone found has a role; NoPeopleChosen when nobody is found.
    """
    found = people.order_by().count()
    managed = people_whose_sign_in_is_managed_by(issued_by).values("pk")
    # One more than a batch takes, to know it is too many without reading every id.
    # In the list's order, so the cards come out of the printer as HR reads the list.
    ids = list(people.filter(pk__in=managed).values_list("pk", flat=True)[: MAX_CARDS + 1])
    if len(ids) > MAX_CARDS:
        raise TooManyPeople(found=found, limit=MAX_CARDS)
    if not ids:
        raise NotAllowed() if found else NoPeopleChosen()
    issued = login_cards_issue(person_ids=ids, issued_by=issued_by)
    position = {pk: n for n, pk in enumerate(ids)}
    issued.sort(key=lambda pair: position[pair[0].pk])
    return issued, found - len(ids)
