"""A lesson loads the H5P script and styles once, however many exercises it has."""

from courses.factories import LessonPageFactory, translations_sync

from .conftest import package_block


def test_lesson_with_two_exercises_loads_the_script_once(client, learner, catalogue):
    """Two H5P exercises on one lesson: one <script> and one stylesheet, at the end of the page."""
    lesson = LessonPageFactory(
        parent=catalogue["course"], title="Two", slug="two", body=[package_block(), package_block()]
    )
    translations_sync()
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert page.count('class="h5p-player"') == 2
    assert page.count("h5p-lesson.js") == 1 and page.count("h5p-lesson.css") == 1
    assert page.index("h5p-lesson.js") > page.index("</footer>")


def test_lesson_without_exercises_loads_no_h5p_script(client, learner, catalogue):
    """A plain lesson carries no H5P script."""
    client.force_login(learner)
    page = client.get(catalogue["course"].get_children().live().first().url).content.decode()
    assert "h5p-lesson.js" not in page
