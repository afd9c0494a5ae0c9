"""manage.py compress_h5p_files — give every stored H5P text file its gzip-compressed copy.

Packages imported since Sala compresses at import have their copies already; this writes the
missing ones for packages imported before (until then those files are compressed on the fly, for
every request). Running it again writes nothing new.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from media.compression import GZIP_SUFFIX, gzipped, is_compressible
from media.models import LIBRARIES_DIR, PACKAGES_DIR


class Command(BaseCommand):
    help = "Write the missing gzip-compressed copies of stored H5P text files (scripts, styles, JSON)."

    def handle(self, *args, **options):
        written = saved = 0
        for folder in (PACKAGES_DIR, LIBRARIES_DIR):
            for name in _files_under(folder):
                if not is_compressible(name) or default_storage.exists(name + GZIP_SUFFIX):
                    continue
                with default_storage.open(name, "rb") as stored:
                    data = stored.read()
                compressed = gzipped(data)
                if compressed is None:
                    continue
                default_storage.save(name + GZIP_SUFFIX, ContentFile(compressed))
                written += 1
                saved += len(data) - len(compressed)
        self.stdout.write(f"Compressed {written} file(s), {saved / 1024:.0f} KB smaller in all.")


def _files_under(folder: str):
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for name in directories:
        yield from _files_under(f"{folder}/{name}")
