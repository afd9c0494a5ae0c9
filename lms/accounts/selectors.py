"""Finding the person who is trying to sign in."""

from dataclasses import dataclass

from lms.people.models import Person


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
