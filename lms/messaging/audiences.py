"""Whom a broadcast can go to, and who may write to whom: decided here, once.

An `AudienceKind` is one way of choosing people (everyone at a factory, a department of a factory,
the union contact group). Each kind is registered in `AUDIENCE_KINDS`, says which choosers it needs
on the broadcast form (a factory, a department...) and turns the author's choice into an
`Audience`: a label for the author and the log, the factory it belongs to and the people it
reaches. Another app adds a kind by registering it in its AppConfig.ready (the training sessions
will add "session": the people booked on a session, with a session chooser of its own), and the
form, the confirmation page and `broadcast_send` take it as they take these.

Who may write to whom follows lms.people.permissions: trainers and programme staff write to any
factory; factory HR to its own factory only. `Audience.people_for(author)` applies that rule once
more to the people themselves, so whatever an audience says, a broadcast never reaches anyone its
author does not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.people.choices import EmploymentStatus, Role
from lms.people.models import Department, Factory, Person
from lms.people.permissions import factories_visible_to, is_factory_hr, is_programme_wide, people_visible_filter

from .choices import Audience as AudienceChoice


class AudienceRefused(Exception):
    """The author may not write to this audience, or did not say enough to choose one.

    `field` names the form chooser the message is about (None: the choice as a whole).
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Audience:
    """The people one broadcast goes to, as the author chose them."""

    kind: str  # an AudienceChoice value: "factory", "department", "union", "session"...
    label: str  # what the author, the confirmation page and the log read
    factory: Factory | None  # the factory the audience belongs to (None: several factories)
    people: QuerySet[Person]

    def people_for(self, author) -> QuerySet[Person]:
        """The audience's people that this author may write to (HR: its own factory's only)."""
        return self.people.filter(people_visible_filter(author))


def user_can_broadcast(user) -> bool:
    """Trainers, programme staff (any factory) and factory HR (its own) write announcements."""
    return is_programme_wide(user) or is_factory_hr(user)


def user_can_broadcast_to(user, audience: Audience) -> bool:
    """Whether this author may send to this audience: its kind is open to them, and HR writes to
    its own factory only (an audience of several factories, or of none, is not HR's)."""
    kind = AUDIENCE_KINDS.get(audience.kind)
    if kind is None or not kind.is_open_to(user):
        return False
    if is_programme_wide(user):
        return True
    return is_factory_hr(user) and audience.factory is not None and audience.factory.pk == user.factory_id


def active_people() -> QuerySet[Person]:
    """People an announcement is for: on a roster now, with an account that is not switched off."""
    return Person.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE)


class AudienceKind:
    """One way of choosing the people of a broadcast. Subclass, then `register_audience_kind`."""

    name: str = ""  # an AudienceChoice value
    label: Promise | str = ""
    help_text: Promise | str = ""
    order: int = 100

    def is_open_to(self, author) -> bool:
        return user_can_broadcast(author)

    def help_for(self, author) -> str:
        """A line under the choice of audience for this author ("" for none)."""
        return self.help_text

    def form_fields(self, author, data) -> dict[str, forms.Field]:
        """The choosers this kind needs on the form (`data`: what was posted, to narrow menus).

        Kinds share a chooser by giving it the same name (the first kind's field is used); every
        chooser is optional on the form, and `audience` says what is missing for this kind.
        """
        return {}

    def audience(self, author, choices: dict) -> Audience:
        """The audience chosen (`choices`: the form's cleaned values); raises AudienceRefused."""
        raise NotImplementedError


AUDIENCE_KINDS: dict[str, AudienceKind] = {}


def register_audience_kind(kind: AudienceKind) -> AudienceKind:
    if kind.name not in AudienceChoice.values:
        raise ValueError(f"Unknown audience {kind.name!r}: add it to lms.messaging.choices.Audience first.")
    AUDIENCE_KINDS[kind.name] = kind
    return kind


def audience_kinds_open_to(author) -> list[AudienceKind]:
    return sorted((kind for kind in AUDIENCE_KINDS.values() if kind.is_open_to(author)), key=lambda k: k.order)


# The choosers the core kinds share.


def factory_field(author) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Factory"),
        queryset=factories_visible_to(author).only("pk", "code", "name"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the factories listed.")},
    )
    if is_programme_wide(author):
        field.empty_label = _("Choose a factory")
    else:
        field.empty_label = None  # HR: its own factory, the only one it may write to
    return field


def department_field(author, data) -> forms.ModelChoiceField:
    """Departments of the factory in view: HR's own, or the one programme staff chose (thousands
    of departments across the programme mean nothing without their factory)."""
    factories = factories_visible_to(author)
    if is_programme_wide(author):
        chosen = (data or {}).get("factory") or ""
        factories = factories.filter(pk=chosen) if str(chosen).isdigit() else factories.none()
    return forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(factory__in=factories).order_by("name"),
        required=False,
        empty_label=_("Choose a department"),
        help_text=_("Only when sending to a department."),
        error_messages={"invalid_choice": _("Choose one of the departments listed for the factory.")},
    )


def _required_factory(author, choices: dict) -> Factory:
    factory = choices.get("factory")
    if factory is None and not is_programme_wide(author) and is_factory_hr(author):
        factory = author.factory
    if factory is None:
        raise AudienceRefused(gettext("Choose a factory."), field="factory")
    if not factories_visible_to(author).filter(pk=factory.pk).exists():
        raise AudienceRefused(gettext("You cannot write to the people of this factory."), field="factory")
    return factory


class FactoryAudience(AudienceKind):
    name = AudienceChoice.FACTORY
    label = _("Everyone at a factory")
    order = 10

    def form_fields(self, author, data):
        return {"factory": factory_field(author)}

    def audience(self, author, choices):
        factory = _required_factory(author, choices)
        return Audience(
            kind=self.name,
            label=gettext("Everyone at %(factory)s") % {"factory": factory},
            factory=factory,
            people=active_people().filter(factory=factory),
        )


class DepartmentAudience(AudienceKind):
    name = AudienceChoice.DEPARTMENT
    label = _("A department of a factory")
    order = 20

    def form_fields(self, author, data):
        return {"factory": factory_field(author), "department": department_field(author, data)}

    def audience(self, author, choices):
        factory = _required_factory(author, choices)
        department = choices.get("department")
        if department is None:
            raise AudienceRefused(gettext("Choose a department."), field="department")
        if department.factory_id != factory.pk:
            raise AudienceRefused(gettext("This department belongs to another factory."), field="department")
        return Audience(
            kind=self.name,
            label=gettext("%(department)s, %(factory)s") % {"department": department, "factory": factory},
            factory=factory,
            people=active_people().filter(factory=factory, department=department),
        )


class UnionContactAudience(AudienceKind):
    """Members of the union contact group: HR reaches those of its own factory; trainers and
    programme staff those of one factory, or of every factory when none is chosen."""

    name = AudienceChoice.UNION
    label = _("The union contact group")
    help_text = _("Programme staff and trainers: leave the factory empty to write to the group in every factory.")
    order = 30

    def help_for(self, author):
        return self.help_text if is_programme_wide(author) else ""

    def form_fields(self, author, data):
        return {"factory": factory_field(author)}

    def audience(self, author, choices):
        members = active_people().filter(groups__name=Role.UNION_CONTACT.value)
        factory = choices.get("factory")
        if factory is None and is_programme_wide(author):
            return Audience(
                kind=self.name,
                label=gettext("The union contact group, every factory"),
                factory=None,
                people=members,
            )
        factory = _required_factory(author, choices)
        return Audience(
            kind=self.name,
            label=gettext("The union contact group, %(factory)s") % {"factory": factory},
            factory=factory,
            people=members.filter(factory=factory),
        )


register_audience_kind(FactoryAudience())
register_audience_kind(DepartmentAudience())
register_audience_kind(UnionContactAudience())
