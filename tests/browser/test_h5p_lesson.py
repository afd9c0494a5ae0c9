"""An H5P exercise plays on a 360 px phone, and answering it records the result and completes the lesson."""

import collections
import contextlib
import io
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.signals import request_started
from django.db import OperationalError

from courses import services
from courses.factories import LessonPageFactory, translations_sync
from courses.models import LessonProgress, XapiStatement
from lms.people.factories import FactoryFactory, PersonFactory
from media.factories import tiny_package
from media.services import h5p_package_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "h5p" / "true-false-hello-world.h5p"


def h5p_lesson(course, content: bytes, slug: str):
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    lesson = LessonPageFactory(
        parent=course,
        title="Practise",
        slug=slug,
        body=[{"type": "h5p", "value": {"package": package.pk, "caption": ""}, "id": str(uuid.uuid4())}],
    )
    translations_sync()
    return lesson


def signed_in_learner(phone, live_server, catalogue):
    worker = PersonFactory(factory=FactoryFactory(code="PP-001"), phone="+85512345678", pin="2580")
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_phone", "012 345 678")
    phone.fill("#id_pin", "2580")
    phone.click("button.block")
    return worker


def wait_for_completion(phone, worker, lesson, verb="completed"):
    """The page says the lesson is complete, and the exercise's statement has reached the server."""
    phone.wait_for_selector(".h5p-result.ok:not([hidden])", timeout=20000)
    for _attempt in range(50):
        try:
            if XapiStatement.objects.filter(person=worker, lesson=lesson, verb=verb).exists():
                break
        except OperationalError:  # SQLite in memory: the live server is writing the next statement
            pass
        time.sleep(0.2)
    progress = LessonProgress.objects.get(person=worker, lesson=lesson)
    assert progress.completed_at is not None and progress.best_score == 100
    assert XapiStatement.objects.filter(person=worker, lesson=lesson, verb=verb).exists()


@contextlib.contextmanager
def requests_reaching_the_server():
    """Counts of the paths the live server is asked for while the block runs (it runs in this process)."""
    seen = collections.Counter()

    def count(sender, environ, **kwargs):
        seen[environ["PATH_INFO"]] += 1

    request_started.connect(count)
    try:
        yield seen
    finally:
        request_started.disconnect(count)


def test_tiny_h5p_exercise_records_the_answer(live_server, phone, catalogue):
    """Our own tiny H5P library loads, the right answer is sent as xAPI and the lesson completes."""
    lesson = h5p_lesson(catalogue["course"], tiny_package(), "practise")
    worker = signed_in_learner(phone, live_server, catalogue)
    phone.goto(f"{live_server.url}/catalogue/osh/fire-safety/practise/")
    frame = phone.frame_locator("iframe.h5p-player")
    frame.locator(".tiny-answer", has_text="To the assembly point").click(timeout=20000)
    wait_for_completion(phone, worker, lesson)
    assert phone.locator(".h5p-loading").is_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample package is not beside this checkout")
def test_real_true_false_sample_records_the_answer(live_server, phone, catalogue):
    """The real H5P.TrueFalse sample plays; answering and checking completes the lesson."""
    lesson = h5p_lesson(catalogue["course"], SAMPLE.read_bytes(), "true-false")
    worker = signed_in_learner(phone, live_server, catalogue)
    phone.goto(f"{live_server.url}/catalogue/osh/fire-safety/true-false/")
    frame = phone.frame_locator("iframe.h5p-player")
    frame.locator(".h5p-true-false-answer", has_text="False").click(timeout=20000)  # the right answer
    frame.locator(".h5p-question-check-answer").click()
    wait_for_completion(phone, worker, lesson, verb="answered")  # TrueFalse reports "answered" only


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample package is not beside this checkout")
def test_the_player_fetches_no_json_file_and_no_file_twice(live_server, phone, catalogue):
    """The player page brings h5p.json, content.json and every library.json: the phone asks for none
    of them (each library.json used to come three times for the main library) and for no file twice."""
    h5p_lesson(catalogue["course"], SAMPLE.read_bytes(), "true-false")
    signed_in_learner(phone, live_server, catalogue)
    with requests_reaching_the_server() as seen:
        phone.goto(f"{live_server.url}/catalogue/osh/fire-safety/true-false/")
        frame = phone.frame_locator("iframe.h5p-player")
        frame.locator(".h5p-true-false-answer", has_text="False").wait_for(timeout=20000)
    h5p_files = {path: times for path, times in seen.items() if path.startswith("/h5p/")}
    assert any(path.endswith(".js") for path in h5p_files)  # the libraries' code still loads
    assert [path for path in h5p_files if path.endswith(".json")] == []
    assert [path for path, times in seen.items() if times > 1] == []


def test_a_package_that_cannot_load_shows_a_plain_message(live_server, phone, catalogue):
    """When the package's files are gone, the learner reads a message instead of a blank area."""
    lesson = h5p_lesson(catalogue["course"], tiny_package(), "practise")
    package_folder = lesson.body[0].value["package"].folder
    default_storage.delete(f"h5p/packages/{package_folder}/h5p.json")
    signed_in_learner(phone, live_server, catalogue)
    phone.goto(f"{live_server.url}/catalogue/osh/fire-safety/practise/")
    phone.wait_for_selector(".h5p-failed:not([hidden])", timeout=20000)
    assert phone.locator(".h5p-loading").is_hidden()
