"""Reads of people with the rules applied: always starting from what the user may see."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace

from .choices import EmploymentStatus
from .models import Department, Factory, Person
from .normalise import INVISIBLE, drop_invisible, normalise_identifier
from .permissions import people_visible_to
from .phone import InvalidPhoneNumber, normalise_phone

# Between the name columns in the searched text: nobody types it, so a query never matches across two names.
_NAME_SEPARATOR = "\x1f"


def _names_without_invisible():
    """The four name columns joined into one text, without zero-width characters, computed by the database.

    Names keep their zero-width spaces (Khmer spelling uses them to mark word breaks), so search
    removes them on both sides. One joined expression needs one REPLACE chain and one LIKE per
    row instead of four; a stored search column would be cheaper still at 600,000 people, but
    every write of a name (admin, roster import, sign-up) would have to keep it right.
    """
    names = Concat(
        "last_name",
        Value(_NAME_SEPARATOR),
        "first_name",
        Value(_NAME_SEPARATOR),
        "family_name_km",
        Value(_NAME_SEPARATOR),
        "given_name_km",
        output_field=CharField(),
    )
    for character in INVISIBLE:
        names = Replace(names, Value(character), Value(""), output_field=CharField())
    return names


def people_search(*, user, q: str = "", factory=None, status: str = "") -> QuerySet:
    people = people_visible_to(user).select_related("factory", "department")
    if factory is not None:
        people = people.filter(factory=factory)
    if status:
        people = people.filter(employment_status=status)
    words = drop_invisible(q).strip()
    if words:
        match = Q(worker_id__iexact=normalise_identifier(q)) | Q(searched_names__icontains=words)
        try:
            phone = normalise_phone(q)
        except InvalidPhoneNumber:
            phone = ""
        if phone:
            match |= Q(phone=phone)
        people = people.alias(searched_names=_names_without_invisible()).filter(match)
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
