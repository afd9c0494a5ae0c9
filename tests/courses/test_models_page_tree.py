"""The catalogue's page tree only allows catalogue → programme → course → lesson."""

import pytest

from courses.models import CatalogueIndexPage, CoursePage, LessonPage, ProgrammePage, ToolkitIndexPage, ToolkitPage
from lms.people.choices import Role
from lms.people.factories import StaffFactory


@pytest.mark.parametrize(
    ("parent", "child", "allowed"),
    [
        (CatalogueIndexPage, ProgrammePage, True),
        (CatalogueIndexPage, CoursePage, False),
        (ProgrammePage, CoursePage, True),
        (ProgrammePage, LessonPage, False),
        (CoursePage, LessonPage, True),
        (CoursePage, CoursePage, False),
        (LessonPage, LessonPage, False),
        (ToolkitIndexPage, ToolkitPage, True),
        (CatalogueIndexPage, ToolkitPage, False),
    ],
)
def test_page_tree_rules(parent, child, allowed):
    """Editors can only add each kind of page where it belongs."""
    assert (child in parent.allowed_subpage_models()) is allowed
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_admin_refuses_a_lesson_directly_under_a_programme(client, catalogue):
    """The admin's add-page view refuses a lesson under a programme."""
    client.force_login(StaffFactory(is_superuser=True, roles=[Role.PROGRAMME_STAFF]))
    programme = catalogue["programme"]
    url = f"/admin/pages/add/courses/lessonpage/{programme.pk}/"
    assert client.get(url).status_code in (302, 403)
    assert client.get(f"/admin/pages/add/courses/coursepage/{programme.pk}/").status_code == 200


def test_editors_open_course_and_lesson_pages_in_the_admin(client, catalogue):
    """Programme staff open the edit form of a course and of a lesson with a quiz."""
    client.force_login(StaffFactory(is_superuser=True, roles=[Role.PROGRAMME_STAFF]))
    course_form = client.get(f"/admin/pages/{catalogue['course'].pk}/edit/")
    assert course_form.status_code == 200
    assert 'value="Fire safety"' in course_form.content.decode()
    quiz_form = client.get(f"/admin/pages/{catalogue['quiz'].pk}/edit/")
    assert quiz_form.status_code == 200
    assert "Check yourself" in quiz_form.content.decode()


def test_programme_staff_without_superuser_rights_edit_the_catalogue(client, catalogue):
    """A programme staff account (not a superuser) adds a course and edits a lesson; a trainer cannot."""
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    programme = catalogue["programme"]
    assert client.get(f"/admin/pages/add/courses/coursepage/{programme.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{catalogue['quiz'].pk}/edit/").status_code == 200
    assert client.get("/admin/images/multiple/add/").status_code == 200
    client.force_login(StaffFactory(roles=[Role.TRAINER]))
    assert client.get(f"/admin/pages/{catalogue['quiz'].pk}/edit/").status_code in (302, 403)
