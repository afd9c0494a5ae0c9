"""Forms of the training screens, made for a trainer's or HR officer's phone.

A session is scheduled on one page: what it delivers, where, who trains, how many seats, and its
dated meetings (one row a day) and seat quotas (one row a factory). Rows are added without
JavaScript: a button sends the page back with one more empty row (`SessionSchedule.with_row`),
and empty rows are simply left out. Factories are typed by their code, as elsewhere in Sala: a
menu of 600 factories does not fit a phone.

The forms only check what a person typed and turn it into the values the services take
(`SessionSchedule.service_kwargs`); whether the session can take place is the services' to say.
"""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.choices import DeliveryMode
from courses.models import CoursePage
from lms.people.choices import Language, Role
from lms.people.models import Department, Factory, Person

from .choices import VenueKind
from .models import SeminarPage, Session, TrainingCentre

# Courses taught in a room or a call come first in the "what" menu: sessions are made for them.
TAUGHT_DELIVERIES = (DeliveryMode.CLASSROOM, DeliveryMode.SEMINAR, DeliveryMode.VIRTUAL)
MAX_SEATS = 2000
RATINGS = [(value, str(value)) for value in range(1, 6)]


def _english(pages):
    # Sessions name the English page; each reader sees it in their own language.
    return pages.live().filter(locale__language_code="en").order_by("title")


def delivered_choices() -> list:
    """The "what" menu, grouped: taught courses, seminars, then the other courses."""
    courses = list(_english(CoursePage.objects).values_list("pk", "title", "delivery_mode"))
    seminars = list(_english(SeminarPage.objects).values_list("pk", "title"))
    taught = [(f"course:{pk}", title) for pk, title, mode in courses if mode in TAUGHT_DELIVERIES]
    other = [(f"course:{pk}", title) for pk, title, mode in courses if mode not in TAUGHT_DELIVERIES]
    groups = [
        (_("Classroom, seminar and virtual courses"), taught),
        (_("Seminars"), [(f"seminar:{pk}", title) for pk, title in seminars]),
        (_("Other courses"), other),
    ]
    return [("", _("Choose…")), *((label, options) for label, options in groups if options)]


def factory_from_code(code: str) -> Factory:
    """The factory with this code (without case), or a plain error naming the code typed."""
    code = code.strip()
    factory = Factory.objects.filter(code__iexact=code).first()
    if factory is None:
        raise forms.ValidationError(_("No factory has the code %(code)s."), params={"code": code})
    return factory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.Form):
    """What a session delivers, where, who trains it, its seats and its registration rules."""

    delivers = forms.ChoiceField(
        label=_("Course or seminar"), error_messages={"required": _("Choose the course or seminar it teaches.")}
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the course's or seminar's title."),
    )
    venue_kind = forms.ChoiceField(
        label=_("Where"), choices=VenueKind.choices, widget=forms.RadioSelect, initial=VenueKind.FACTORY
    )
    factory = forms.CharField(
        label=_("Factory code"), max_length=20, required=False, help_text=_("For a session in a factory, e.g. PP-001.")
    )
    centre = forms.ModelChoiceField(
        label=_("Training centre"), queryset=TrainingCentre.objects.filter(is_active=True), required=False
    )
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", help_text=_("For an online session.")
    )
    room = forms.CharField(
        label=_("Room or details"), max_length=200, required=False, help_text=_("e.g. Canteen, second floor.")
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one trainer.")},
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=MAX_SEATS,
        error_messages={"required": _("Say how many people it takes.")},
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Empty: when the first day starts."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.KHMER)
    required_meetings = forms.IntegerField(
        label=_("Days to attend to complete"),
        min_value=1,
        required=False,
        help_text=_("Empty: every day. Late or partial counts as attended."),
    )
    self_registration = forms.BooleanField(label=_("Workers may register themselves"), required=False, initial=True)

    def __init__(self, *args, author, session: Session | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivers"].choices = delivered_choices()
        # The programme's trainers, the author and whoever trains the session already.
        also = [author.pk, *(session.trainers.values_list("pk", flat=True) if session else [])]
        self.fields["trainers"].queryset = (
            Person.objects.filter(Q(groups__name=Role.TRAINER.value) | Q(pk__in=also))
            .distinct()
            .order_by("family_name_km", "given_name_km", "last_name", "first_name", "pk")
        )
        self.fields["trainers"].label_from_instance = lambda person: person.display_name
        if session is not None and session.centre_id:
            # A centre since closed stays choosable on the sessions that use it.
            self.fields["centre"].queryset = TrainingCentre.objects.filter(Q(is_active=True) | Q(pk=session.centre_id))

    def clean_delivers(self):
        kind, _sep, pk = self.cleaned_data["delivers"].partition(":")
        model = {"course": CoursePage, "seminar": SeminarPage}.get(kind)
        page = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if page is None:
            raise forms.ValidationError(_("Choose the course or seminar it teaches."))
        return page

    def clean_factory(self):
        code = self.cleaned_data["factory"]
        return factory_from_code(code) if code.strip() else None

    def clean(self):
        data = super().clean()
        kind = data.get("venue_kind")
        needed = {
            VenueKind.FACTORY: ("factory", _("Type the code of the factory where it takes place.")),
            VenueKind.CENTRE: ("centre", _("Choose the training centre.")),
            VenueKind.ONLINE: ("online_url", _("Give the link people open to join.")),
        }.get(kind)
        if needed and not data.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        return data

    def service_fields(self) -> dict:
        """The session's own fields as session_create / session_update take them."""
        data = self.cleaned_data
        delivered = data["delivers"]
        kind = data["venue_kind"]
        return {
            "course": delivered if isinstance(delivered, CoursePage) else None,
            "seminar": delivered if isinstance(delivered, SeminarPage) else None,
            "title": data["title"].strip(),
            "venue_kind": kind,
            # Only the venue of the kind chosen: a factory code typed before switching to online
            # is not kept.
            "factory": data["factory"] if kind == VenueKind.FACTORY else None,
            "centre": data["centre"] if kind == VenueKind.CENTRE else None,
            "online_url": data["online_url"] if kind == VenueKind.ONLINE else "",
            "room": data["room"].strip(),
            "capacity": data["capacity"],
            "registration_deadline": data["registration_deadline"],
            "language": data["language"],
            "required_meetings": data["required_meetings"],
            "self_registration": data["self_registration"],
        }

    @staticmethod
    def initial_for(session: Session) -> dict:
        return {
            "delivers": f"course:{session.course_id}" if session.course_id else f"seminar:{session.seminar_id}",
            "title": session.title,
            "venue_kind": session.venue_kind,
            "factory": session.factory.code if session.factory_id else "",
            "centre": session.centre_id,
            "online_url": session.online_url,
            "room": session.room,
            "trainers": list(session.trainers.values_list("pk", flat=True)),
            "capacity": session.capacity,
            "registration_deadline": (
                timezone.localtime(session.registration_deadline) if session.registration_deadline else None
            ),
            "language": session.language,
            "required_meetings": session.required_meetings,
            "self_registration": session.self_registration,
        }


class MeetingForm(forms.Form):
    """One day of a session: its date, and the start and end times on that day (Phnom Penh time).

    Every field is optional so that an empty row is simply not a meeting; a row half filled in
    says what it is missing."""

    day = forms.DateField(label=_("Day"), required=False, widget=DateInput())
    starts = forms.TimeField(label=_("Starts"), required=False, widget=TimeInput())
    ends = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        given = [data.get(name) for name in ("day", "starts", "ends")]
        if not any(given):
            return data
        if not all(given):
            raise forms.ValidationError(_("Give the day, the start time and the end time."))
        if data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must be after the start."))
        return data

    @property
    def interval(self) -> tuple[datetime.datetime, datetime.datetime] | None:
        """(start, end) as aware datetimes in Phnom Penh time, or None for an empty row."""
        data = getattr(self, "cleaned_data", {})
        if not data.get("day"):
            return None
        zone = timezone.get_default_timezone()
        return (
            timezone.make_aware(datetime.datetime.combine(data["day"], data["starts"]), zone),
            timezone.make_aware(datetime.datetime.combine(data["day"], data["ends"]), zone),
        )


class BaseMeetingFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        intervals = sorted(interval for form in self.forms if (interval := form.interval))
        if not intervals:
            raise forms.ValidationError(_("Give at least one day, with its start and end times."))
        for (_start, end), (next_start, _end) in zip(intervals, intervals[1:], strict=False):
            if next_start < end:
                raise forms.ValidationError(_("Two of the days overlap: check their dates and times."))
        self.intervals = intervals


class QuotaForm(forms.Form):
    """Seats held for one factory (optional)."""

    factory = forms.CharField(label=_("Factory code"), max_length=20, required=False)
    seats = forms.IntegerField(label=_("Seats held"), min_value=1, max_value=MAX_SEATS, required=False)

    def clean_factory(self):
        code = self.cleaned_data["factory"]
        return factory_from_code(code) if code.strip() else None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("factory")) != bool(data.get("seats")):
            raise forms.ValidationError(_("Give both the factory code and its number of seats, or neither."))
        return data


class BaseQuotaFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        quotas: dict[Factory, int] = {}
        for form in self.forms:
            factory = form.cleaned_data.get("factory")
            if factory is None:
                continue
            if factory in quotas:
                raise forms.ValidationError(
                    _("%(code)s is listed twice: give each factory one row."), params={"code": factory.code}
                )
            quotas[factory] = form.cleaned_data["seats"]
        self.quotas = quotas


MAX_DAYS = 30
MAX_QUOTAS = 50


def meeting_formset(data=None, *, initial=None, extra=1):
    formset = forms.formset_factory(
        MeetingForm, formset=BaseMeetingFormSet, extra=extra, max_num=MAX_DAYS, validate_max=True
    )
    return formset(data, prefix="meetings", initial=initial or None)


def quota_formset(data=None, *, initial=None, extra=1):
    formset = forms.formset_factory(
        QuotaForm, formset=BaseQuotaFormSet, extra=extra, max_num=MAX_QUOTAS, validate_max=True
    )
    return formset(data, prefix="quotas", initial=initial or None)


def _typed_rows(formset) -> tuple[list[dict], int]:
    """What was typed in each row of a sent formset (empty rows left out), and how many were empty."""
    rows = []
    for form in formset.forms:
        row = {name: form[name].value() for name in form.fields}
        if any(value not in (None, "") for value in row.values()):
            rows.append(row)
    return rows, len(formset.forms) - len(rows)


class SessionSchedule:
    """The whole scheduling page: the session form, its meetings and its seat quotas."""

    def __init__(self, data=None, *, author, session: Session | None = None):
        self.session = session
        self.author = author
        initial, meetings, quotas = {}, [], []
        if data is None and session is not None:
            initial = SessionForm.initial_for(session)
            meetings = [
                {
                    "day": timezone.localtime(meeting.starts_at).date(),
                    "starts": timezone.localtime(meeting.starts_at).time(),
                    "ends": timezone.localtime(meeting.ends_at).time(),
                }
                for meeting in session.meetings.all()
            ]
            quotas = [{"factory": quota.factory.code, "seats": quota.seats} for quota in session.quotas.all()]
        elif data is None:
            initial = {"trainers": [author.pk]}
        self.form = SessionForm(data, author=author, session=session, initial=initial)
        self.meetings = meeting_formset(data, initial=meetings)
        self.quotas = quota_formset(data, initial=quotas)

    def with_row(self, part: str) -> "SessionSchedule":
        """The same page, not sent, as typed so far, with one more empty day ("day") or factory
        ("quota") row. Nothing is checked yet: adding a day halfway through shows no errors."""
        page = SessionSchedule.__new__(SessionSchedule)
        page.session, page.author = self.session, self.author
        page.form = SessionForm(
            author=self.author,
            session=self.session,
            initial={name: self.form[name].value() for name in self.form.fields},
        )
        days, empty_days = _typed_rows(self.meetings)
        quotas, empty_quotas = _typed_rows(self.quotas)
        page.meetings = meeting_formset(initial=days, extra=max(1, empty_days + (part == "day")))
        page.quotas = quota_formset(initial=quotas, extra=max(1, empty_quotas + (part == "quota")))
        return page

    def is_valid(self) -> bool:
        if not all([self.form.is_valid(), self.meetings.is_valid(), self.quotas.is_valid()]):
            return False
        required, days = self.form.cleaned_data.get("required_meetings"), len(self.meetings.intervals)
        if required and required > days:
            self.form.add_error(
                "required_meetings",
                ngettext(
                    "The session has %(count)s day: nobody can attend more than that.",
                    "The session has %(count)s days: nobody can attend more than that.",
                    days,
                )
                % {"count": days},
            )
            return False
        return True

    def service_kwargs(self) -> dict:
        """What session_create / session_update take, from a valid page."""
        return {
            **self.form.service_fields(),
            "trainers": list(self.form.cleaned_data["trainers"]),
            "meetings": list(self.meetings.intervals),
            "quotas": dict(self.quotas.quotas),
        }

    def add_error(self, message: str) -> None:
        self.form.add_error(None, message)


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Everyone registered or on the waitlist is told, with this reason."),
        error_messages={"required": _("Say why, in a few words: the people registered will read it.")},
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, worker ID or phone"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class DepartmentNominationForm(forms.Form):
    """HR: everyone who works in one department of its own factory."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose a department."),
            "invalid_choice": _("Choose one of the departments listed."),
        },
    )

    def __init__(self, *args, factory: Factory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(factory=factory).order_by("name")
        self.fields["department"].label_from_instance = lambda department: (
            f"{department.name_km} ({department.name})" if department.name_km else department.name
        )


class WorkerIdsNominationForm(forms.Form):
    """HR: worker IDs pasted from a list or a column of Excel."""

    worker_ids = forms.CharField(
        label=_("Worker IDs"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 5, "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("One per line, or separated by commas or spaces. You can paste a column from Excel."),
        error_messages={"required": _("Paste or type at least one worker ID.")},
    )


class EvaluationForm(forms.Form):
    """Three ratings from 1 (poor) to 5 (very good) and a comment, on a phone."""

    overall = forms.TypedChoiceField(
        label=_("The session overall"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label=_("Useful for my work"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    trainer = forms.TypedChoiceField(label=_("The trainer"), choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything to tell the trainer? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", "usefulness", "trainer"):
            self.fields[name].error_messages["required"] = _("Tap a number from 1 to 5.")
