"""Reads of people with the rules applied: always starting from what the user may see."""

from django.db.models import Q, QuerySet

from .permissions import people_visible_to
from .phone import InvalidPhoneNumber, normalise_phone


def people_search(*, user, q: str = "", factory=None, status: str = "") -> QuerySet:
    people = people_visible_to(user).select_related("factory", "department")
    if factory is not None:
        people = people.filter(factory=factory)
    if status:
        people = people.filter(employment_status=status)
    q = q.strip()
    if q:
        match = (
            Q(worker_id__iexact=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(given_name_km__contains=q)
            | Q(family_name_km__contains=q)
        )
        try:
            phone = normalise_phone(q)
        except InvalidPhoneNumber:
            phone = ""
        if phone:
            match |= Q(phone=phone)
        people = people.filter(match)
    return people.order_by("factory__code", "worker_id", "pk")
