"""manage.py import_roster FILE --factory CODE [--full] [--dry-run]"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.people.models import Factory
from lms.people.roster import RosterFileError, roster_import
from lms.people.roster_file import too_large_message


class Command(BaseCommand):
    help = "Import a factory roster from a CSV or XLSX file. Nothing is written if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--factory", required=True, help="Factory code, e.g. PP-001")
        parser.add_argument("--full", action="store_true", help="The file lists everyone: mark the others as left")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and count changes, write nothing")

    def handle(self, *args, file: Path, factory: str, full: bool, dry_run: bool, **options):
        try:
            factory_obj = Factory.objects.get(code__iexact=factory)
        except Factory.DoesNotExist as error:
            raise CommandError(f"No factory with the code {factory}.") from error
        try:
            if file.stat().st_size > settings.SALA_ROSTER_MAX_BYTES:  # refused before reading it into memory
                raise CommandError(too_large_message())
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        started = time.perf_counter()
        try:
            result = roster_import(factory=factory_obj, content=content, filename=file.name, full=full, dry_run=dry_run)
        except RosterFileError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.errors_not_shown:
                self.stderr.write(f"… and {result.errors_not_shown:,} more problems.")
            raise CommandError(f"{result.problem_count:,} problem(s) in {file.name}; nothing was imported.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {result.rows} rows for {factory_obj.name} in {seconds:.1f} s: {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged, {result.marked_left} marked as left, "
            f"{result.rejoined} taken back."
        )
        if result.stayed_left:
            self.stdout.write(
                f"{result.stayed_left} people in the file had left and stay so. To take someone back, "
                "write active in the employment column of their row."
            )
