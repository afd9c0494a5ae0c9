"""manage.py seed_demo: demo factories, workers and one sign-in account per role."""

import contextlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lms.people.demo import SCALES, DemoDataError, demo_accounts_create, demo_population_create
from lms.people.models import Factory


class Command(BaseCommand):
    help = (
        "Fill the database with demo data: factories with departments and workers "
        "(small: 5 factories, about 300 people; full: 600 factories, 600,000 people) "
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
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same people (default 1)."
        )

    def handle(self, *args, scale, if_empty, seed, **options):
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
                counts = demo_population_create(scale=scale, seed=seed, progress=progress)
                demo_accounts_create()
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['factories']:,} factories, {counts['departments']:,} departments, "
                f"{counts['people']:,} people and {counts['employments']:,} employment records "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
        self.stdout.write("The demo sign-ins: manage.py demo_logins")
