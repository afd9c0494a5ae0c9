"""Reads of people with the rules applied: always starting from what the user may see."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower

from .choices import EmploymentStatus
from .models import Department, Factory, Person
from .normalise import drop_invisible, normalise_identifier
from .permissions import people_visible_to
from .phone import InvalidPhoneNumber, normalise_phone


def people_search(*, user, q: str = "", factory=None, status: str = "") -> QuerySet:
    """The people `user` may see, filtered, in the order the people list shows them.

    `q` finds a worker ID (without case), a phone number typed in any usual form, or a name:
    `Person.search_names` holds the names in lower case without invisible characters, and the
    query is folded the same way by the database, so a zero-width space on either side never
    hides anyone. The names are separated there, so a query never matches across two of them.
    """
    people = people_visible_to(user).select_related("factory", "department")
    if factory is not None:
        people = people.filter(factory=factory)
    if status:
        people = people.filter(employment_status=status)
    words = drop_invisible(q).strip()
    if words:
        match = Q(worker_id__iexact=normalise_identifier(q)) | Q(search_names__contains=Lower(Value(words)))
        try:
            phone = normalise_phone(q)
        except InvalidPhoneNumber:
            phone = ""
        if phone:
            match |= Q(phone=phone)
        people = people.filter(match)
    return people.order_by("factory__code", "worker_id", "pk")


@dataclass(frozen=True)
class PeopleToEnrol:
    """Who a bulk enrolment reaches, and the listed worker IDs it cannot reach."""

    people: QuerySet[Person]
    unknown_ids: list[str] = field(default_factory=list)  # on nobody's record at the factory
    left_ids: list[str] = field(default_factory=list)  # of people who have left the factory

    @property
    def complete(self) -> bool:
        """Every listed worker ID was found among the people who work there now."""
        return not self.unknown_ids and not self.left_ids


def people_to_enrol(
    *, factory: Factory, department: Department | None = None, worker_ids: Sequence[str] = ()
) -> PeopleToEnrol:
    """The people of `factory` a bulk enrolment takes: a list of worker IDs, else a department,
    else the whole factory. Only people who work there now are enrolled; a listed worker ID of
    someone who has left is reported like an unknown one, so the caller can refuse the list."""
    current = factory.people.filter(employment_status=EmploymentStatus.ACTIVE)
    if not worker_ids:
        return PeopleToEnrol(people=current.filter(department=department) if department else current)
    listed = set(worker_ids)
    on_record = set(factory.people.filter(worker_id__in=listed).values_list("worker_id", flat=True))
    working = set(current.filter(worker_id__in=listed).values_list("worker_id", flat=True))
    return PeopleToEnrol(
        people=current.filter(worker_id__in=listed),
        unknown_ids=sorted(listed - on_record),
        left_ids=sorted(on_record - working),
    )
