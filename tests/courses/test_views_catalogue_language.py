"""A Khmer reader's "only courses in my language" and the English badge are true lesson by lesson."""

from courses.factories import page_translate

KM = {"HTTP_ACCEPT_LANGUAGE": "km"}
ONLY_MINE = {"translated_only": "on"}
ENGLISH_BADGE = '<span class="badge" lang="en">English</span>'


def test_course_with_an_english_lesson_is_not_offered_as_khmer(client, khmer_fire_course):
    """A course whose title is in Khmer but whose quiz lesson is still English is left out of
    "only courses in my language", and the full list marks it English."""
    only_mine = client.get("/catalogue/", ONLY_MINE, **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" not in only_mine
    everything = client.get("/catalogue/", **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in everything and ENGLISH_BADGE in everything


def test_course_in_khmer_throughout_is_offered_without_the_badge(client, khmer_fire_course):
    """Once every lesson is in Khmer, the course is offered as Khmer and carries no English badge."""
    page_translate(khmer_fire_course["quiz"], "km", title="សំណួរហ្វឹកហាត់អគ្គីភ័យ")
    only_mine = client.get("/catalogue/", ONLY_MINE, **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in only_mine and ENGLISH_BADGE not in only_mine


def test_english_lesson_is_marked_on_the_course_page(client, khmer_fire_course):
    """On the Khmer course page, the lesson still in English says so before the reader opens it."""
    page = client.get("/catalogue/osh/fire-safety/", **KM).content.decode()
    lessons = page.split('class="lesson-list"', 1)[1]
    assert lessons.count(ENGLISH_BADGE) == 1
    assert lessons.index("Fire drill quiz") < lessons.index(ENGLISH_BADGE)
