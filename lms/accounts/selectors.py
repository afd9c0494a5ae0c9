"""Finding the person who is trying to sign in."""

from dataclasses import dataclass

from lms.people.models import Person


@dataclass(frozen=True)
class SignInIdentity:
    """Who a worker says they are: a normalised phone number, or a factory code and worker ID."""

    phone: str = ""
    factory_code: str = ""
    worker_id: str = ""


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
