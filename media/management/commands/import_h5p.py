"""manage.py import_h5p FILE... — the admin's validation and import, for loading many packages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from media.services import h5p_package_import
from media.validation import InvalidPackage


class Command(BaseCommand):
    help = "Validate and import .h5p packages. Exits with an error if any file was rejected."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options):
        rejected = 0
        for path in files:
            try:
                with path.open("rb") as fileobj:
                    package = h5p_package_import(fileobj=fileobj, size=path.stat().st_size)
            except OSError as error:
                rejected += 1
                self.stderr.write(f"{path}: rejected: cannot read the file ({error.strerror}).")
            except InvalidPackage as error:
                rejected += 1
                self.stderr.write(f"{path}: rejected: {error.message}")
            else:
                self.stdout.write(
                    f"{path}: imported “{package.title}” ({package.main_library}, language {package.language}, "
                    f"{package.libraries.count()} libraries) as package {package.pk}"
                )
        if rejected:
            raise CommandError(f"{rejected} of {len(files)} file(s) rejected.")
