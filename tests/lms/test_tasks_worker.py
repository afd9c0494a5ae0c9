"""A real Celery worker process on the real broker (Redis in CI). Skipped on the embedded default."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from lms.celery import app, ping_task

BROKER = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not BROKER and not os.environ.get("SALA_REQUIRE_SERVICES"),
        reason="needs CELERY_BROKER_URL (a real broker); .ci/run sets it",
    ),
]


@pytest.fixture
def real_worker(settings):
    """A `celery worker` process, as in production, with eager mode switched off here."""
    project_root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=project_root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start")
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


def test_task_round_trip_through_worker(real_worker):
    """A task sent to the broker is run by a worker and its answer comes back."""
    result = ping_task.delay()
    assert result.get(timeout=20) == "pong"
    assert result.state == "SUCCESS"


@pytest.mark.django_db
def test_check_services_sees_the_worker(real_worker, capsys):
    """`manage.py check_services` reports the database, cache and a live worker as answering."""
    call_command("check_services", timeout=20)
    out = capsys.readouterr().out
    assert "ok   task queue: a worker answered" in out
    assert "FAIL" not in out
