"""What people are told about their places, in their own language."""

import pytest

from courses.factories import page_translate, translations_sync
from lms.messaging.models import Message
from seminars.factories import SessionFactory, classroom_course
from seminars.services import registration_create, registrations_nominate

KHMER_TITLE = "សុវត្ថិភាពអគ្គីភ័យ"


@pytest.fixture
def fire_safety(trainer):
    """A session of a course called Fire safety, translated into Khmer, at a training centre."""
    course = classroom_course(title="Fire safety")
    translations_sync()
    page_translate(course.get_parent().specific, "km", title="កម្មវិធី")
    page_translate(course, "km", title=KHMER_TITLE)
    return SessionFactory(course=course, trainers=[trainer])


def test_registering_oneself_is_confirmed(fire_safety, worker_a):
    """A worker who registers is sent 'Confirmed: ...' with the date and venue."""
    worker_a.preferred_language = "en"
    registration_create(session=fire_safety, person=worker_a, by=worker_a)
    message = Message.objects.get(person=worker_a)
    assert message.kind == "session_registered"
    assert message.text.startswith("Confirmed: Fire safety, ") and fire_safety.centre.name in message.text


def test_a_nominated_worker_is_invited(fire_safety, hr_a, worker_a):
    """A worker HR nominated is told they are registered."""
    worker_a.preferred_language = "en"
    registrations_nominate(session=fire_safety, people=[worker_a], by=hr_a)
    message = Message.objects.get(person=worker_a)
    assert message.kind == "session_invited" and message.text.startswith("You are registered for Fire safety: ")


def test_a_khmer_reader_gets_the_khmer_course_title(fire_safety, worker_a, worker_b, hr_a):
    """The course's name in a message is the Khmer one for a worker who reads Khmer, English otherwise."""
    worker_a.preferred_language = "km"
    worker_b.preferred_language = "en"
    registration_create(session=fire_safety, person=worker_a, by=worker_a)
    registration_create(session=fire_safety, person=worker_b, by=worker_b)
    assert KHMER_TITLE in Message.objects.get(person=worker_a).text
    english = Message.objects.get(person=worker_b).text
    assert "Fire safety" in english and KHMER_TITLE not in english


def test_a_khmer_reader_gets_the_centres_khmer_name(fire_safety, worker_a):
    """The venue is written in Khmer for a Khmer reader where the centre has a Khmer name."""
    worker_a.preferred_language = "km"
    registration_create(session=fire_safety, person=worker_a, by=worker_a)
    assert fire_safety.centre.name_km in Message.objects.get(person=worker_a).text


def test_the_waitlist_position_is_told(fire_safety, workers_a):
    """Someone put on the waitlist is told their number in the line."""
    fire_safety.capacity = 1
    fire_safety.save()
    for worker in workers_a:
        worker.preferred_language = "en"
        registration_create(session=fire_safety, person=worker, by=worker)
    texts = list(Message.objects.filter(kind="session_waitlisted").order_by("pk").values_list("text", flat=True))
    assert [text.rsplit(" ", 4)[1] for text in texts] == ["1", "2"]
