"""Factories, their departments, and the people who work in them or train them.

A `Person` is one human being for the whole programme: a worker or supervisor on a factory's
roster, a trainer, an HR officer, a union contact-group member or a member of programme staff.
The same record follows a worker who moves to another factory; `Employment` keeps the history
and `Person.factory` / `Person.worker_id` mirror the current (or last) employment, because every
factory-scoped screen filters on them.

Most workers have no email address: they sign in with their phone number, or their factory's
code and their worker ID, and a PIN (see `lms.accounts`). Staff sign in with a username or email
address and a password, and use the Wagtail admin.
"""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Replace, Upper
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .choices import EmploymentStatus, Gender, JobRole, Language, Province, Role, Sector
from .normalise import INVISIBLE
from .phone import format_phone

# Between the names in `Person.search_names`: nobody types it, so a search never matches across two names.
NAME_SEPARATOR = "\x1f"


def _searched_names():
    """The four name columns as search compares them: joined, in lower case, without invisible characters.

    Names keep their zero-width spaces (Khmer spelling uses them to mark word breaks); search
    ignores them on both sides. The database computes this column on every write, whoever writes
    (a form, a roster import's bulk statements, the demo data), so it can never fall out of step.
    """
    names = Concat(
        "last_name",
        Value(NAME_SEPARATOR),
        "first_name",
        Value(NAME_SEPARATOR),
        "family_name_km",
        Value(NAME_SEPARATOR),
        "given_name_km",
        output_field=models.TextField(),
    )
    for character in INVISIBLE:
        names = Replace(names, Value(character), Value(""), output_field=models.TextField())
    return Lower(names, output_field=models.TextField())


class Factory(models.Model):
    code = models.SlugField(
        _("factory code"),
        max_length=20,
        unique=True,
        help_text=_("Short code workers type when they sign in with their worker ID, e.g. PP-014."),
    )
    name = models.CharField(_("name (Latin script)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, unique=True)
    province = models.CharField(_("province"), max_length=30, choices=Province.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.GARMENT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("factory")
        verbose_name_plural = _("factories")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Department(models.Model):
    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100, blank=True)

    class Meta:
        ordering = ["factory", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["factory", "name"], name="department_unique_name_per_factory"),
        ]

    def __str__(self):
        return self.name


class PersonManager(UserManager):
    """Staff accounts are created with a username; workers come from rosters and have none."""

    use_in_migrations = True

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email) if email else ""
        person = self.model(username=username or None, email=email, **extra_fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


class Person(AbstractBaseUser, PermissionsMixin):
    username_validator = UnicodeUsernameValidator()

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        null=True,
        blank=True,
        validators=[username_validator],
        help_text=_("Staff only. Workers sign in with their phone number or worker ID and a PIN."),
    )
    email = models.EmailField(_("email address"), blank=True)
    # Latin-script names keep Django's field names so the Wagtail user admin works unchanged.
    first_name = models.CharField(_("given name (Latin script)"), max_length=150, blank=True)
    last_name = models.CharField(_("family name (Latin script)"), max_length=150, blank=True)
    given_name_km = models.CharField(_("given name (Khmer)"), max_length=150, blank=True)
    family_name_km = models.CharField(_("family name (Khmer)"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(
        _("phone number"), max_length=16, blank=True, help_text=_("Stored as +855 followed by the number.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.KHMER
    )

    factory = models.ForeignKey(
        Factory,
        verbose_name=_("factory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("Current factory, or the last one for a worker who has left."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worker_id = models.CharField(_("worker ID"), max_length=50, blank=True)
    job_role = models.CharField(_("job"), max_length=12, choices=JobRole.choices, default=JobRole.WORKER)
    employment_status = models.CharField(
        _("employment"), max_length=8, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Kept by the database; people_search reads it (a trigram index serves it on PostgreSQL).
    search_names = models.GeneratedField(expression=_searched_names(), output_field=models.TextField(), db_persist=True)

    # Sign-in by PIN (hashed like a password); see lms.accounts.services.
    pin = models.CharField(_("PIN"), max_length=128, blank=True, editable=False)
    failed_pin_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can sign in to the admin with a password.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "worker_id"], condition=~Q(worker_id=""), name="person_unique_worker_id_per_factory"
            ),
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="person_unique_phone"),
        ]
        indexes = [
            models.Index(fields=["factory", "employment_status"], name="person_factory_status_idx"),
            # Search compares worker IDs without case, across every factory.
            models.Index(Upper("worker_id"), name="person_worker_id_upper_idx"),
            # The people list reads a factory's people in worker ID order, a page at a time.
            models.Index(fields=["factory", "worker_id", "id"], name="person_factory_worker_id_idx"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        khmer = " ".join(part for part in (self.family_name_km, self.given_name_km) if part)
        latin = " ".join(part for part in (self.last_name, self.first_name) if part)
        if khmer and latin:
            return f"{khmer} ({latin})"
        return khmer or latin or self.username or self.worker_id or f"#{self.pk}"

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.given_name_km or self.first_name or self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of the access-role groups this person belongs to (one query, then cached)."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def has_pin(self) -> bool:
        return bool(self.pin)


class Employment(models.Model):
    """One stint of a person at a factory; the open one (no end date) is the current job."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, related_name="employments")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    worker_id = models.CharField(_("worker ID"), max_length=50, blank=True)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-started_on", "-pk"]
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="employment_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="employment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.factory}"
