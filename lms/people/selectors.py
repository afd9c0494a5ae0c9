"""Reads of people with the rules applied: always starting from what the user may see."""

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from .choices import EmploymentStatus
from .models import Department, Factory, Person
from .normalise import drop_invisible, normalise_identifier
from .permissions import people_visible_to
from .phone import InvalidPhoneNumber, normalise_phone

# The people list's order: by factory, then worker ID; people of no factory (staff) come last.
LIST_ORDER = (F("factory__code").asc(nulls_last=True), "worker_id", "pk")


# The people list's search, as its form and a choice of "everyone this search finds" carry it.
SEARCH_FIELDS = ("q", "factory", "status", "sign_in")
# Sign-in filters: no PIN yet (a login card to print), or locked by wrong PINs now.
NO_PIN, LOCKED = "no_pin", "locked"


def people_search(*, user, q: str = "", factory=None, status: str = "", sign_in: str = "") -> QuerySet:
    """The people `user` may see, filtered, in the order the people list shows them.

    `q` finds a worker ID or part of one (without case: "0012" finds W00123), a phone number
    typed in any usual form, or names: each word of it must be part of one of the person's names,
    so "Sok Sophea", "សុខ សុភា" and the name copied whole as the list shows it, "សុខ សុភា (Sok
    Sophea)", find Sok Sophea. `Person.search_names` holds the names in lower case without
    invisible characters, and each word is folded the same way by the database, so a zero-width
    space on either side never hides anyone. A word never matches across two names.
    Both are served by trigram indexes on PostgreSQL (migrations 0004 and 0006).
    """
    people = people_visible_to(user).select_related("factory", "department")
    if factory is not None:
        people = people.filter(factory=factory)
    if status:
        people = people.filter(employment_status=status)
    if sign_in == NO_PIN:
        people = people.filter(pin="", username__isnull=True)  # staff sign in with a password instead
    elif sign_in == LOCKED:
        people = people.filter(locked_until__gt=timezone.now())
    words = _words(q)
    if words:
        names = Q(*[Q(search_names__contains=Lower(Value(word))) for word in words])
        match = Q(worker_id__icontains=normalise_identifier(q)) | names
        try:
            phone = normalise_phone(q)
        except InvalidPhoneNumber:
            phone = ""
        if phone:
            match |= Q(phone=phone)
        people = people.filter(match)
    elif drop_invisible(q).strip():
        people = people.none()  # only brackets: a search, never the whole list
    return people.order_by(*LIST_ORDER)


# What separates the words of a name as the people list shows it: "សុខ សុភា (Sok Sophea)".
_BETWEEN_WORDS = re.compile(r"[\s()]+")


def _words(q: str) -> list[str]:
    """The distinct words of a search, without invisible characters or the list's brackets."""
    return list(dict.fromkeys(word for word in _BETWEEN_WORDS.split(drop_invisible(q)) if word))


def people_chosen(*, user, person_ids: Collection[int] = (), search: dict | None = None) -> QuerySet[Person]:
    """The people a choice on the people list names, read again through what `user` may see:
    everyone its search finds (`search` holds the list's SEARCH_FIELDS, as for
    `people_search`), or else the ticked ids among the people `user` may see. An id of someone
    the user may not see, forged or stale, names nobody."""
    if search is not None:
        return people_search(user=user, **search)
    return people_visible_to(user).filter(pk__in=list(person_ids)).order_by(*LIST_ORDER)


def people_list(*, user, **search) -> "PeopleInListOrder":
    """What the people list pages through: `people_search` (its keyword filters), read so that a
    page costs about the same for a factory of 600 people as for a programme of 600,000, at any page."""
    return PeopleInListOrder(people_search(user=user, **search))


class PeopleInListOrder:
    """People in the list's order (`LIST_ORDER`) for a paginator, one page at a time.

    Ordered whole, a page of the programme would sort every person found (their factory's code
    comes from a join) to show fifty. Instead one query counts the people found in each factory,
    which is the count the page shows; a page then reads only the factories its rows fall in,
    found from those counts in code order, and sorts no more than their people.
    """

    def __init__(self, people: QuerySet[Person]):
        self.people = people.order_by(*LIST_ORDER)

    @cached_property
    def _factories(self) -> list[tuple[int | None, int]]:
        """(factory id, or None for people of no factory; people found there) in the list's order."""
        per_factory = self.people.order_by().values("factory").annotate(found=Count("pk"))
        found = dict(per_factory.values_list("factory", "found"))
        # In code order as the database sorts codes, so that pages agree with the page query's order.
        in_code_order = Factory.objects.filter(pk__in=[pk for pk in found if pk is not None]).order_by("code")
        order = [*in_code_order.values_list("pk", flat=True), *([None] if None in found else [])]
        return [(pk, found[pk]) for pk in order]

    def count(self) -> int:
        return sum(found for _pk, found in self._factories)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Person]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("The people list is read a page (a slice) at a time.")
        start, stop, _step = index.indices(self.count())
        touched, skipped, before = [], 0, 0
        for pk, found in self._factories:
            if before + found <= start:
                skipped += found
            elif before < stop:
                touched.append(pk)
            before += found
        if not touched:
            return []
        in_view = Q(factory__in=[pk for pk in touched if pk is not None])
        if None in touched:
            in_view |= Q(factory__isnull=True)
        page = self.people.filter(in_view)
        if len(touched) == 1:
            # Within one factory the order is by worker ID, which its index holds: no sort at all.
            page = page.order_by("worker_id", "pk")
        return list(page[start - skipped : stop - skipped])


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


def people_chosen_to_enrol(people: QuerySet[Person]) -> PeopleToEnrol:
    """People chosen on the people list, as a bulk enrolment takes them: like a list of worker IDs,
    all or nothing. Whoever has left (`left_ids`) or is on no factory's roster (`unknown_ids`) is
    reported by worker ID, else by name, so the caller can refuse the whole choice."""
    working = Q(employment_status=EmploymentStatus.ACTIVE, factory__isnull=False)
    left, unknown = [], []
    for person in people.exclude(working).select_related(None).order_by(*LIST_ORDER):
        (unknown if person.factory_id is None else left).append(person.worker_id or person.display_name)
    return PeopleToEnrol(people=people.filter(working), unknown_ids=unknown, left_ids=left)
