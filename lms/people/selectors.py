"""Reads of people with the rules applied: always starting from what the user may see."""

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace

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
