"""A throwaway database for the benchmark scripts: SQLite in a temporary folder by default, or a
test database created (and dropped) on the server named by BENCH_DATABASE_URL."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def bench_database():
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.pop("CELERY_BROKER_URL", None)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test.utils import setup_databases, teardown_databases

        names = setup_databases(verbosity=0, interactive=False) if os.environ.get("BENCH_DATABASE_URL") else None
        if names is None:
            call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            if names is not None:
                teardown_databases(names, verbosity=0)
