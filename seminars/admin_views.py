"""The admin's training screens: the list of sessions with its filters, a session's form with its
meetings and seat quotas on one page, and the training centres.

A session saved in the admin is written by the same services as on the training screens
(`session_create`, `session_update`, `session_publish`), never by the form: they keep the
session's first and last times in step with its meetings, tell registered people of a new time
or venue, seat people from the waitlist when seats are added and warn of a trainer booked twice.
The form only checks what was typed, in plain words, and hands the values over.

Programme staff see and change every session; a trainer sees the sessions they may see on the
training screens and changes only those they train (seminars.permissions). Nobody deletes a
session here: it is cancelled on its training screen, so its people are told.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, Button
from wagtail.log_actions import log

from lms.people.choices import Province, Role
from lms.people.models import Factory, Person
from lms.people.permissions import is_programme_staff

from .choices import SessionState, VenueKind
from .models import SeatQuota, Session, TrainingCentre
from .permissions import sessions_visible_to, user_can_read_training_days, user_can_schedule
from .selectors import session_facts, sessions_in_state, sessions_with_counts
from .services import SessionError, session_create, session_publish, session_update
from .services.scheduling import EDITABLE_FIELDS
from .states import session_state

# A session draws this many seats at most; a typing slip of 20000 is caught here.
MAX_SEATS = 2000


def trainers_to_choose():
    """The people who may be named a session's trainer: active members of the trainers' group."""
    return (
        Person.objects.filter(groups__name=Role.TRAINER.value, is_active=True)
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )


# --- The session's form --------------------------------------------------------------------------


class MeetingForm(WagtailAdminModelForm):
    """One meeting: its start and end, said plainly when the end is not after the start."""

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class MeetingsPanel(InlinePanel):
    """The meetings inline, each row checked by MeetingForm."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = MeetingForm
        return options


class SessionAdminForm(WagtailAdminModelForm):
    publish = forms.BooleanField(
        label=gettext_lazy("Publish"),
        required=False,
        help_text=gettext_lazy(
            "A published session shows to everyone and takes registrations. "
            "Until then it is a draft only its trainers and programme staff see."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainers_to_choose()
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].max_value = MAX_SEATS
        self.fields["capacity"].widget.attrs.update(min=1, max=MAX_SEATS)
        if self.instance.pk and self.instance.published_at is not None:
            # Published is for good: a session people registered for is cancelled, never unpublished.
            self.fields["publish"].initial = True
            self.fields["publish"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("course")) == bool(cleaned.get("seminar")):
            self.add_error(None, _("Choose the course or the seminar this session delivers: one of them, not both."))
        venue_kind = cleaned.get("venue_kind")
        needed = {
            VenueKind.FACTORY: ("factory", _("Choose the factory where the session takes place.")),
            VenueKind.CENTRE: ("centre", _("Choose the training centre where the session takes place.")),
            VenueKind.ONLINE: ("online_url", _("Give the link of the online session.")),
        }
        if venue_kind in needed:
            field, message = needed[venue_kind]
            if not cleaned.get(field):
                self.add_error(field, message)
            # Only the venue chosen is kept (the services do the same): a factory left over from
            # another choice would mislead, and would break the rule of one venue.
            for other, _message in (value for kind, value in needed.items() if kind != venue_kind):
                cleaned[other] = "" if other == "online_url" else None
        return cleaned

    # What the services take, from a valid form.

    def session_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}

    def meetings_given(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The meeting rows kept (not deleted, not left empty), as (start, end)."""
        return [
            (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"])
            for form in self._kept_rows("meetings")
            if form.cleaned_data.get("starts_at") and form.cleaned_data.get("ends_at")
        ]

    def quotas_given(self) -> dict[Factory, int]:
        return {
            form.cleaned_data["factory"]: form.cleaned_data["seats"]
            for form in self._kept_rows("quotas")
            if form.cleaned_data.get("factory") and form.cleaned_data.get("seats") is not None
        }

    def _kept_rows(self, name: str) -> list:
        formset = self.formsets[name]
        deleted = set(formset.deleted_forms)
        return [form for form in formset.forms if form not in deleted and (form.instance.pk or form.has_changed())]


def _session_panels():
    return [
        MultiFieldPanel(
            [FieldPanel("course"), FieldPanel("seminar"), FieldPanel("title")],
            heading=gettext_lazy("What the session delivers"),
            help_text=gettext_lazy("A course of the catalogue or a seminar (one of them)."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_kind", widget=forms.RadioSelect),
                FieldPanel("factory"),
                FieldPanel("centre"),
                FieldPanel("online_url"),
                FieldPanel("room"),
            ],
            heading=gettext_lazy("Where"),
        ),
        MeetingsPanel(
            "meetings",
            heading=gettext_lazy("Meetings"),
            label=gettext_lazy("Meeting"),
            help_text=gettext_lazy("One row a day, in Phnom Penh time."),
            min_num=1,
            panels=[
                FieldPanel("starts_at", widget=AdminDateTimeInput),
                FieldPanel("ends_at", widget=AdminDateTimeInput),
            ],
        ),
        MultiFieldPanel(
            [
                FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("capacity"),
                FieldPanel("registration_deadline", widget=AdminDateTimeInput),
                FieldPanel("language"),
                FieldPanel("required_meetings"),
                FieldPanel("self_registration"),
            ],
            heading=gettext_lazy("Trainers, seats and registration"),
        ),
        InlinePanel(
            "quotas",
            heading=gettext_lazy("Seats held for factories"),
            label=gettext_lazy("Factory"),
            help_text=gettext_lazy(
                "A quota caps how many of the seats a factory's people take; the seats cap the session."
            ),
            panels=[FieldPanel("factory"), FieldPanel("seats")],
        ),
        FieldPanel("publish"),
    ]


class ServiceSaveMixin:
    """Save through the services; a refusal shows on the form, in the service's own words."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except SessionError as error:
            form.add_error(None, str(error))
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(error)
            return self.form_invalid(form)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            messages.warning(self.request, warning)


class SessionCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        form = self.form
        result = session_create(
            by=self.request.user,
            trainers=list(form.cleaned_data["trainers"]),
            meetings=form.meetings_given(),
            quotas=form.quotas_given(),
            publish=form.cleaned_data["publish"],
            **form.session_fields(),
        )
        self.warn(result.warnings)
        log(instance=result.session, action="wagtail.create", user=self.request.user, content_changed=True)
        return result.session


class SessionEditView(ServiceSaveMixin, generic.EditView):
    def get_object(self, queryset=None):
        session = super().get_object(queryset)
        if not user_may_change(self.request.user, session):
            raise PermissionDenied
        return session

    def save_instance(self):
        form = self.form
        # The form has already written what was typed onto self.object; the service compares
        # the stored session with the new values, so it gets the session as stored.
        stored = Session.objects.get(pk=self.object.pk)
        result = session_update(
            session=stored,
            by=self.request.user,
            trainers=list(form.cleaned_data["trainers"]),
            meetings=form.meetings_given(),
            quotas=form.quotas_given(),
            **form.session_fields(),
        )
        session = result.session
        if form.cleaned_data["publish"] and session.published_at is None:
            session = session_publish(session=session, by=self.request.user)
        self.warn(result.warnings)
        log(instance=session, action="wagtail.edit", user=self.request.user, content_changed=True)
        return session


def user_may_change(user, session: Session) -> bool:
    """Programme staff change any session, a trainer the sessions they train (from the trainers
    read with the list, so a list of sessions asks nothing more per line)."""
    if is_programme_staff(user):
        return True
    return user.has_role(Role.TRAINER) and any(trainer.pk == user.pk for trainer in session.trainers.all())


# --- The list of sessions ------------------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class SessionFilterSet(WagtailFilterSet):
    meets_from = django_filters.DateFilter(
        label=gettext_lazy("Meets from"), method="filter_meets_from", widget=AdminDateInput
    )
    meets_to = django_filters.DateFilter(
        label=gettext_lazy("Meets until"), method="filter_meets_to", widget=AdminDateInput
    )
    trainer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Trainer"), field_name="trainers", queryset=trainers_to_choose()
    )
    factory = django_filters.CharFilter(
        label=gettext_lazy("Factory code"),
        method="filter_factory",
        help_text=gettext_lazy("Sessions held at the factory, or holding seats for it."),
    )
    province = django_filters.ChoiceFilter(
        label=gettext_lazy("Province"),
        choices=Province.choices,
        method="filter_province",
        empty_label=gettext_lazy("All"),
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=SessionState.choices,
        method="filter_state",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Session
        fields = []

    def filter_meets_from(self, queryset, name, day):
        # A session meets on or after the day when its last meeting ends after the day starts.
        return queryset.filter(ends_at__gt=_day_start(day))

    def filter_meets_to(self, queryset, name, day):
        return queryset.filter(starts_at__lt=_day_start(day + datetime.timedelta(days=1)))

    def filter_factory(self, queryset, name, code):
        code = code.strip()
        if not code:
            return queryset
        held_for = SeatQuota.objects.filter(factory__code__iexact=code).values("session")
        return queryset.filter(Q(factory__code__iexact=code) | Q(pk__in=held_for))

    def filter_province(self, queryset, name, province):
        # Where the session meets: its factory's province or its training centre's.
        return queryset.filter(Q(factory__province=province) | Q(centre__province=province))

    def filter_state(self, queryset, name, state):
        return sessions_in_state(queryset, state)


def _first_meeting(session: Session) -> str:
    if session.starts_at is None:
        return _("No meeting yet")
    return date_format(timezone.localtime(session.starts_at), "D j M Y, H:i")


def _venue(session: Session) -> str:
    if session.venue_kind == VenueKind.ONLINE:
        place = _("Online")
    elif session.venue_kind == VenueKind.CENTRE and session.centre is not None:
        place = session.centre.name
    elif session.factory is not None:
        place = f"{session.factory.name} ({session.factory.code})"
    else:
        place = ""
    return ", ".join(part for part in (place, session.room) if part)


def _trainers(session: Session) -> str:
    return ", ".join(str(trainer) for trainer in session.trainers.all())


def _seats(session: Session) -> str:
    seats = f"{session.registered_count} / {session.capacity}"
    if session.waitlisted_count:
        seats += " " + _("(%(count)d waiting)") % {"count": session.waitlisted_count}
    return seats


def _state(session: Session) -> SessionState:
    return session_state(session_facts(session, registered=session.registered_count), now=timezone.now())


class SessionIndexView(generic.IndexView):
    default_ordering = "-starts_at"

    def get_base_queryset(self):
        # Counts, venue and trainers in a fixed number of queries, whatever the page's length.
        sessions = sessions_visible_to(self.request.user).select_related("course", "seminar", "factory", "centre")
        return sessions_with_counts(sessions).prefetch_related("trainers")

    @property
    def columns(self):
        return [
            TitleColumn("display_title", label=_("Title"), get_url=self.get_edit_url),
            Column("starts_at", label=_("First meeting"), accessor=_first_meeting, sort_key="starts_at"),
            Column("venue", label=_("Venue"), accessor=_venue),
            Column("trainers", label=_("Trainers"), accessor=_trainers),
            Column("seats", label=_("Seats taken"), accessor=_seats),
            StatusTagColumn("state", label=_("Status"), accessor=lambda session: _state(session).label),
        ]

    def get_edit_url(self, instance):
        if user_may_change(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                _("Open on the training screens"),
                url=reverse("seminars:session_detail", args=[instance.pk]),
                icon_name="link-external",
                priority=5,
            )
        )
        return buttons


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = gettext_lazy("Training sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    filterset_class = SessionFilterSet
    search_fields = ["title", "course__title", "seminar__title", "room"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(_session_panels(), base_form_class=SessionAdminForm)


# --- Training centres -----------------------------------------------------------------------------


class TrainingCentreViewSet(ModelViewSet):
    model = TrainingCentre
    icon = "home"
    menu_label = gettext_lazy("Training centres")
    list_display = ["name", "name_km", "province", "is_active"]
    list_filter = ["province", "is_active"]
    search_fields = ["name", "name_km", "address"]
    form_fields = ["name", "name_km", "address", "province", "is_active"]
    copy_view_enabled = False


# --- The menu -------------------------------------------------------------------------------------

TRAINING_MENU_HOOK = "register_training_menu_item"


class TrainingScreensMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_schedule(request.user)


class TrainingDaysMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_read_training_days(request.user)


def training_screens_menu_item() -> MenuItem:
    """From the admin's Training menu to the training screens (the trainer's agenda)."""
    return TrainingScreensMenuItem(
        gettext_lazy("Open the training screens"), reverse("seminars:sessions"), icon_name="calendar", order=10
    )


def training_days_menu_item() -> MenuItem:
    return TrainingDaysMenuItem(
        gettext_lazy("Training days"), reverse("seminars:training_days"), icon_name="table", order=20
    )


class TrainingGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Training")
    menu_icon = "date"
    menu_order = 320
    submenu_hook = TRAINING_MENU_HOOK
    items = (SessionViewSet("training_sessions"), TrainingCentreViewSet("training_centres"))
