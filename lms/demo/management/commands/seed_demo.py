"""manage.py seed_demo: demo factories, workers and their learning records, one sign-in account per role, and the catalogue."""

import contextlib
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from certification.choices import EXPIRING_WITHIN_DAYS
from certification.models import Certificate, CertificateEvent
from courses.models import Completion, Enrolment, LessonPartResult, LessonProgress
from lms.access.services import roles_sync
from lms.demo.accounts import demo_accounts_create
from lms.demo.catalogue import demo_catalogue_create
from lms.demo.certificates import demo_certificates_create, demo_states_ensure, demo_template_dress
from lms.demo.home import demo_home_create
from lms.demo.messages import demo_welcome_send
from lms.demo.people import SCALES, DemoDataError, demo_population_create
from lms.demo.training import demo_training_bulk_create, demo_training_create
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Message
from lms.people.models import Employment, Factory, Person
from media.models import H5P_UPLOADERS
from seminars.models import Attendance, Meeting, Registration, Session


class Command(BaseCommand):
    help = (
        "Fill the database with demo data: factories with departments and workers "
        "(small: 5 factories, about 300 people; full: 600 factories, 600,000 people), "
        "their enrolments, progress and completions in the catalogue's courses, "
        "and one sign-in account for every role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="small (default): 5 factories, about 300 people. full: 600 factories, 600,000 people.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database has any factory already.",
        )
        parser.add_argument(
            "--without-catalogue",
            action="store_true",
            help="Factories, people and demo accounts only: no courses, toolkits or learning records.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same people (default 1)."
        )

    def handle(self, *args, scale, if_empty, seed, without_catalogue, **options):
        if if_empty and Factory.objects.exists():
            self.stdout.write("Demo data already exists (the database has factories); nothing to do.")
            return

        started = time.monotonic()

        def progress(factories_done, factories_total, people_done):
            width = len(str(factories_total))
            self.stdout.write(
                f"  {factories_done:>{width}}/{factories_total} factories, {people_done:,} people, "
                f"{time.monotonic() - started:.0f} s"
            )

        self.stdout.write(f"Creating {scale}-scale demo data (seed {seed})...")
        # The small scale is all or nothing; the full scale commits batch by batch as it goes.
        whole = transaction.atomic() if scale == "small" else contextlib.nullcontext()
        try:
            with whole:
                # The roles as declared, even on a database emptied since the last migrate. Their page
                # and collection rights sit on the root page and collection, so they cover the
                # catalogue built below; the sync also creates the restricted Toolkits collection.
                roles_sync()
                catalogue = None
                if not without_catalogue:
                    # First: the people's enrolments and progress are in its courses and lessons.
                    self.stdout.write("Building the course catalogue, its Khmer translations and the toolkits...")
                    catalogue = demo_catalogue_create()
                    demo_home_create()
                self.stdout.write("Creating factories, people and their learning records...")
                counts = demo_population_create(scale=scale, seed=seed, progress=progress)
                accounts = demo_accounts_create()
                welcome = demo_welcome_send(accounts["worker"])
                training = certificates = None
                if not without_catalogue:
                    self.stdout.write("Scheduling the demo training sessions and seminars...")
                    training = demo_training_create(trainer=accounts["trainer"], hr=accounts["hr"], seed=seed)
                    if scale == "full" and training["sessions"]:
                        self.stdout.write("Adding a year of training sessions across the factories...")
                        training["year"] = demo_training_bulk_create(seed=seed)
                    self.stdout.write(
                        "Issuing certificates for the completions (their files are drawn when downloaded)..."
                    )
                    demo_template_dress()
                    certificates = demo_certificates_create()
                    certificates.update(
                        demo_states_ensure(factory=accounts["worker"].factory, revoked_by=accounts["programme"])
                    )
                # The demo programme account may also upload H5P packages (a right of its own).
                Group.objects.get_or_create(name=H5P_UPLOADERS)[0].user_set.add(accounts["programme"])
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if scale == "full" and connection.vendor == "postgresql":
            self.stdout.write("Updating the database's statistics of the new rows...")
            tables_analyse()

        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['factories']:,} factories, {counts['departments']:,} departments, "
                f"{counts['people']:,} people and {counts['employments']:,} employment records "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
        if "enrolments" in counts:
            self.stdout.write(
                f"Learning records: {counts['enrolments']:,} enrolments, {counts['completions']:,} completions, "
                f"{counts['lesson progress']:,} lesson progress, {counts['lesson part results']:,} quiz and "
                f"exercise results, {counts['programme completions']:,} programme completions."
            )
        elif without_catalogue:
            self.stdout.write("No learning records: there is no catalogue to enrol in (--without-catalogue).")
        if catalogue:
            self.stdout.write(
                f"Catalogue: {catalogue['programmes']} programmes, {catalogue['courses']} courses, "
                f"{catalogue['lessons']} lessons (Khmer for the worker courses), {catalogue['toolkits']} toolkits."
            )
        if training and training["sessions"]:
            self.stdout.write(
                f"Training: {training['centres']} training centres, {training['seminars']} seminars, "
                f"{training['sessions']} sessions with {training['registrations']} registrations, "
                f"{training['marks']} attendance marks and {training['evaluations']} evaluations "
                "(the trainer's agenda: /training/)."
            )
        if training and "year" in training:
            year = training["year"]
            self.stdout.write(
                f"A year of training: {year['sessions']:,} sessions, {year['meetings']:,} meetings, "
                f"{year['registrations']:,} registrations and {year['marks']:,} attendance marks, "
                f"with {year['trainers']} more trainers."
            )
        if certificates:
            self.stdout.write(
                f"Certificates: {certificates['certificates']:,} issued for the completions; the demo factory has "
                f"{certificates['expiring']} expiring within {EXPIRING_WITHIN_DAYS} days, {certificates['expired']} "
                f"expired and {certificates['revoked']} revoked (HR's register; programme staff: Certificates in /admin/)."
            )
        self.stdout.write(welcome_summary(welcome))
        self.stdout.write("The demo sign-ins: manage.py demo_logins")


def tables_analyse() -> None:
    """PostgreSQL plans queries from statistics its autovacuum gathers only after a while; gather
    them now, so the first pages served on the new data are planned for its real size."""
    with connection.cursor() as cursor:
        for model in (
            Person,
            Employment,
            Enrolment,
            Completion,
            LessonProgress,
            LessonPartResult,
            Session,
            Meeting,
            Registration,
            Attendance,
            Certificate,
            CertificateEvent,
        ):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def welcome_summary(welcome: Message) -> str:
    """Where the demo worker's welcome message went: the inbox, and its SMS (printed above by the
    console backend of development, or waiting: no SMS between 21:00 and 06:30)."""
    line = f"The demo worker has a welcome message in their inbox (language: {welcome.language})"
    sms = welcome.deliveries.filter(channel=Channel.SMS).first()
    if sms is None:
        return f"{line}; no SMS (no mobile number, or SMS turned off)."
    if sms.status == DeliveryStatus.SENT:
        return f"{line}; its SMS ({sms.parts} part{'s' if sms.parts != 1 else ''}) went to {settings.SALA_SMS_BACKEND}."
    if sms.status == DeliveryStatus.HELD and sms.not_before:
        held_until = timezone.localtime(sms.not_before).strftime("%H:%M")
        return f"{line}; its SMS waits until {held_until} (no SMS at night)."
    return f"{line}; its SMS is {sms.get_status_display().lower()}."
