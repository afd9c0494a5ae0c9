"""Lessons with H5P exercises, enrolled learners and xAPI statements as H5P makes them."""

import io
import json
import uuid

import pytest

from courses import services
from courses.factories import LessonPageFactory, page_translate, translations_sync
from lms.people.factories import FactoryFactory, PersonFactory
from media.factories import tiny_package
from media.services import h5p_package_import

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def package_block() -> dict:
    """A lesson body block holding a new package of the tiny exercise."""
    content = tiny_package()
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    return {"type": "h5p", "value": {"package": package.pk, "caption": ""}, "id": str(uuid.uuid4())}


def exercise_address(lesson, number=0) -> str:
    """The xAPI object id h5p-standalone gives the lesson's nth exercise: where its package is."""
    blocks = [child for child in lesson.body if child.block_type == "h5p"]
    return f"http://testserver/h5p/packages/{blocks[number].value['package'].folder}"


def statement(lesson, verb=COMPLETED, scaled=1.0, success=True, object_id=None, **extra) -> dict:
    """A statement like the ones H5P makes, about the lesson's first exercise unless told."""
    return {
        "id": str(uuid.uuid4()),
        "actor": {"name": "learner", "objectType": "Agent"},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
        "object": {"id": object_id if object_id else exercise_address(lesson), "objectType": "Activity"},
        "result": {
            "score": {"min": 0, "raw": scaled, "max": 1, "scaled": scaled},
            "success": success,
            "completion": True,
        },
        **extra,
    }


def post(client, lesson, body):
    """Post a statement to the lesson's xAPI address, as the lesson page does."""
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(f"/learning/xapi/{lesson.pk}/", data=data, content_type="application/json")


@pytest.fixture
def h5p_lesson(catalogue):
    """A lesson of the fire-safety course holding one H5P exercise and nothing else to pass."""
    lesson = LessonPageFactory(parent=catalogue["course"], title="Practise", slug="practise", body=[package_block()])
    translations_sync()
    return lesson


@pytest.fixture
def learner(catalogue):
    """A worker enrolled in the fire-safety course."""
    person = PersonFactory(factory=FactoryFactory(code="PP-001"))
    services.enrolment_create(person=person, course=catalogue["course"], enrolled_by=person)
    return person


@pytest.fixture
def khmer_fire_course(catalogue):
    """The fire-safety course and its reading lesson translated into Khmer; the quiz lesson is not
    (a reader in Khmer sees it through its English alias)."""
    page_translate(catalogue["index"], "km", title="វគ្គសិក្សា")
    page_translate(catalogue["programme"], "km", title="សុវត្ថិភាព និងសុខភាពការងារ")
    page_translate(catalogue["course"], "km", title="សុវត្ថិភាពអគ្គីភ័យ", summary="រៀនពីច្រកចេញ និងការជម្លៀស។")
    page_translate(catalogue["reading"], "km", title="ស្គាល់ច្រកចេញ")
    return catalogue
