"""Finding the person who is trying to sign in, and what a person's sign-in looks like to HR."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Value, When
from django.db.models.functions import Left, StrIndex, Substr
from django.utils import timezone

from lms.people.models import Person
from lms.people.permissions import user_can_manage_sign_in

from .hashers import PinHasher
from .models import ActivationCode

PIN_PREFIX = f"{PinHasher.algorithm}$"


@dataclass(frozen=True)
class SignInIdentity:
    """Who a worker says they are: a normalised phone number, or a factory code and worker ID."""

    phone: str = ""
    factory_code: str = ""
    worker_id: str = ""

    @property
    def key(self) -> str:
        """One text per identity, for counting wrong tries of identities that match nobody."""
        if self.phone:
            return f"phone:{self.phone}"
        return f"worker:{self.factory_code.lower()}/{self.worker_id}"


def person_for_sign_in(identity: SignInIdentity) -> Person | None:
    """The active person matching the identity, or None. Staff-only accounts never match."""
    people = Person.objects.filter(is_active=True)
    if identity.phone:
        people = people.filter(phone=identity.phone)
    elif identity.factory_code and identity.worker_id:
        people = people.filter(factory__code__iexact=identity.factory_code, worker_id=identity.worker_id)
    else:
        return None
    return people.first()


def person_for_password(username: str) -> Person | None:
    """The active staff account with this username, or with this email address if only one has it."""
    username = (username or "").strip()
    if not username:
        return None
    people = Person.objects.filter(is_active=True)
    if "@" in username:
        candidates = list(people.filter(email__iexact=username, username__isnull=False)[:2])
        return candidates[0] if len(candidates) == 1 else None
    return people.filter(username=username).first()


@dataclass(frozen=True)
class SignInState:
    """A person's sign-in as HR sees it on the person page."""

    is_locked: bool
    locked_until: datetime.datetime | None
    has_pin: bool
    # When the login card still waiting to be used was issued; None when there is none.
    open_code_issued_at: datetime.datetime | None
    # Whether the viewer may print login cards for this person and unlock them.
    can_manage: bool


def pin_hash_counts() -> dict[tuple[str, int], int]:
    """(hasher, key version) → how many people's PINs are stored so; version 0 for other hashers.

    Counted in the database, in one query, from the stored text `algorithm$version$...`.
    """
    after_algorithm = Substr("pin", len(PIN_PREFIX) + 1)
    rows = (
        Person.objects.exclude(pin="")
        .annotate(
            algorithm=Left("pin", StrIndex("pin", Value("$")) - 1),
            version=Case(
                When(pin__startswith=PIN_PREFIX, then=Left(after_algorithm, StrIndex(after_algorithm, Value("$")) - 1)),
                default=Value(""),
            ),
        )
        .values("algorithm", "version")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["algorithm"], int(row["version"]) if row["version"].isdigit() else 0): row["count"] for row in rows}


def account_is_locked(person: Person, now: datetime.datetime | None = None) -> bool:
    """Locked after too many wrong tries, until `locked_until`."""
    return person.locked_until is not None and person.locked_until > (now or timezone.now())


def open_activation_code(person: Person, *, now: datetime.datetime | None = None) -> ActivationCode | None:
    """The person's login-card code that can still be used (issuing a new one voids the others)."""
    now = now or timezone.now()
    return ActivationCode.objects.filter(
        person=person, used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
    ).first()


def sign_in_state(person: Person, *, viewer) -> SignInState:
    """Locked or not, PIN chosen or not, a card waiting to be used, and what the viewer may do."""
    now = timezone.now()
    is_locked = account_is_locked(person, now)
    open_code = open_activation_code(person, now=now)
    return SignInState(
        is_locked=is_locked,
        locked_until=person.locked_until if is_locked else None,
        has_pin=person.has_pin,
        open_code_issued_at=open_code.issued_at if open_code else None,
        can_manage=user_can_manage_sign_in(viewer, person),
    )
