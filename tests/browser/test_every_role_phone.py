"""Each role's main journey on a 360 px phone in Khmer, on the demo's own content, clicking only what
is on the screen: the worker takes a course to its end, the union contact group member opens a
toolkit's document, factory HR imports workers, prints their cards, enrols them and exports the
records.

On every page of the way the test checks what a newcomer would trip over (tests/browser/phone.py):
a control under 44 × 44 px, an English text where a Khmer one exists, a page wider than the phone.
The screenshots are kept in $SALA_SCREENSHOTS when it is set, to be looked at.
"""

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from wagtail.models import Page

from courses.models import Completion, Enrolment, LessonPage
from lms.access.services import roles_sync
from lms.demo.accounts import demo_accounts_create
from lms.demo.catalogue import demo_catalogue_create
from lms.demo.home import demo_home_create
from lms.people.models import Department, Factory, Person

from .phone import english_left, interface_english, small_tap_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKER_PHONE, UNION_PHONE, DEMO_PIN = "012 345 678", "012 345 679", "2580"
ROSTER = (
    "worker_id,family_name_km,given_name_km,family_name,given_name,gender,phone,department\n"
    "N9001,សុខ,សុភា,Sok,Sophea,F,012 555 901,Sewing\n"
    "N9002,ចាន់,ដារា,Chan,Dara,F,012 555 902,Sewing\n"
    "N9003,ហេង,វិបុល,Heng,Vibol,M,,Sewing\n"
)


def km(english: str) -> str:
    """The words a Khmer reader sees for an interface text: what the test looks for on the screen."""
    with translation.override("km"):
        return translation.gettext(english)


def content_english() -> set[str]:
    """English names that have a Khmer one: page titles, factories, departments."""
    english = set()
    for page in Page.objects.filter(locale__language_code="km").specific():
        source = Page.objects.filter(translation_key=page.translation_key, locale__language_code="en").first()
        if source and source.title != page.title:
            english.add(source.title)
    for model in (Factory, Department):
        english.update(model.objects.exclude(name_km="").values_list("name", flat=True))
    return english


class Walk:
    """One person's way through the site on a phone: every page it reaches is looked at."""

    def __init__(self, browser, role: str, english: set[str], shots: Path):
        self.context = browser.new_context(
            viewport={"width": 360, "height": 740},
            locale="km-KH",
            extra_http_headers={"Accept-Language": "km"},
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.role, self.english, self.shots = role, english, shots
        self.problems: list[str] = []
        self.steps = 0

    def look(self, name: str) -> None:
        """Check the page as it is now, and keep its picture."""
        page = self.page
        page.wait_for_load_state()
        self.steps += 1
        page.screenshot(path=self.shots / f"{self.role}-{self.steps:02d}-{name}.png", full_page=True)
        where = f"{self.role} / {name} ({page.url})"
        self.problems += [f"{where}: tap target {problem}" for problem in small_tap_targets(page)]
        self.problems += [f"{where}: English left: {text!r}" for text in english_left(page, self.english)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            self.problems.append(f"{where}: the page is {width} px wide")

    def tap(self, locator, then: str) -> None:
        """Tap something a person can see (never an address typed in), then look at where it led."""
        shown = locator.filter(visible=True)
        assert shown.count(), f"{self.role}: nothing on the screen to tap before {then}: {locator}"
        shown.first.click()
        self.look(then)

    def link(self, text: str, then: str) -> None:
        """Tap the first link on the screen whose words begin with `text` (a card adds a line below)."""
        self.tap(self.page.get_by_role("link", name=re.compile(rf"^\W*{re.escape(text)}")), then)

    def button(self, text: str, then: str) -> None:
        self.tap(self.page.get_by_role("button", name=text, exact=True), then)

    def close(self) -> None:
        self.page.goto("about:blank")
        self.context.close()


@pytest.fixture
def demo(settings, tmp_path):
    """The demo's catalogue (Khmer worker courses, toolkits), home page and one account per role."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    roles_sync()
    demo_catalogue_create()
    demo_home_create()
    return demo_accounts_create()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SALA_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_role_finds_its_way_on_a_phone_in_khmer(live_server, browser, demo, shots):
    """Worker, union member and factory HR reach what they came for by tapping what the phone shows,
    with every control big enough for a thumb and nothing left in English that has a Khmer text."""
    english = interface_english("km") | content_english()
    walks = []

    def walk(role):
        walks.append(Walk(browser, role, english, shots))
        walks[-1].page.goto(f"{live_server.url}/")  # the one address typed: the site's own
        walks[-1].look("home")
        return walks[-1]

    try:
        worker_takes_a_course(walk("worker"), demo["worker"])
        union_member_opens_a_toolkit(walk("union"))
        hr_imports_enrols_and_exports(walk("hr"), demo["hr"])
    finally:
        for each in walks:
            each.close()
    problems = [problem for each in walks for problem in each.problems]
    assert not problems, "\n".join(problems)


def sign_in_with_pin(walk: Walk, phone: str) -> None:
    walk.link(km("Sign in"), "sign-in")
    walk.page.get_by_label(km("Phone number")).fill(phone)
    walk.page.get_by_label(km("PIN")).fill(DEMO_PIN)
    walk.button(km("Sign in"), "signed-in")


def worker_takes_a_course(walk: Walk, worker: Person) -> None:
    sign_in_with_pin(walk, WORKER_PHONE)
    walk.link(km("Find a course"), "catalogue")
    course_title = "សុវត្ថិភាពអគ្គីភ័យ និងការជម្លៀសបន្ទាន់"  # the demo's first safety course, in Khmer
    walk.link(course_title, "course")
    walk.button(km("Enrol"), "enrolled")
    lessons = LessonPage.objects.filter(locale__language_code="km", slug__in=["alarm-and-exits", "assembly-point"])
    reading, quiz_lesson = sorted(lessons, key=lambda lesson: lesson.path)
    walk.link(reading.title, "lesson")
    walk.button(km("I have finished this lesson"), "next-lesson")
    assert walk.page.get_by_role("heading", name=quiz_lesson.title).is_visible()
    # The quiz: tap the whole row of each right answer, as a thumb would.
    quiz = next(block.value for block in quiz_lesson.body if block.block_type == "quiz")
    for question in quiz["questions"]:
        for answer in question["answers"]:
            if answer["correct"]:
                walk.page.locator("label.choice", has_text=answer["text"]).click()
    walk.button(km("Check my answers"), "quiz-passed")
    completed = walk.page.locator("#course-completed")
    assert completed.get_by_role("heading", name=f"✓ {km('Course complete')}").is_visible()
    assert completed.get_by_role("link", name=km("Go to the next course")).is_visible()
    assert Completion.objects.filter(person=worker).exists()
    walk.link(km("Go to the next course"), "next-course")


def union_member_opens_a_toolkit(walk: Walk) -> None:
    sign_in_with_pin(walk, UNION_PHONE)
    walk.link(km("Toolkits"), "toolkits")
    toolkit = walk.page.locator("main").get_by_role("link").first
    walk.tap(toolkit, "toolkit")
    document = walk.page.locator("main a[href*='/documents/']").first
    assert document.is_visible(), "the toolkit shows its document"
    with walk.page.expect_download() as download:
        document.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF"), "the document opens as a PDF"


def hr_imports_enrols_and_exports(walk: Walk, hr: Person) -> None:
    walk.link(km("Sign in"), "sign-in")
    walk.link(km("Staff: password"), "staff-sign-in")
    walk.page.locator("#id_username").fill("hr")
    walk.page.locator("#id_password").fill("sala-demo")
    walk.button(km("Sign in"), "signed-in")
    # Import three new workers.
    walk.link(km("People"), "people")
    walk.link(km("Import a roster"), "import")
    walk.page.locator("input[type=file]").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}]
    )
    walk.button(km("Upload"), "imported")
    assert set(Person.objects.filter(worker_id__startswith="N900").values_list("factory", flat=True)) == {hr.factory_id}
    walk.link(km("See the people and print their login cards"), "people-imported")
    # Find the new workers, choose them all, print their cards.
    walk.page.get_by_label(km("Name, worker ID or phone")).fill("N900")
    walk.button(km("Search"), "people-found")
    walk.page.locator("[data-select-page]").check()
    walk.button(km("Print login cards for the chosen people"), "login-cards")
    cards = walk.page.locator("article.login-card")
    assert cards.count() == 3
    names = {card.split("\n", 1)[0].split(" (", 1)[0] for card in cards.all_inner_texts()}
    assert names == {"សុខ សុភា", "ចាន់ ដារា", "ហេង វិបុល"}, "each card is headed by the worker's Khmer name"
    site = walk.page.locator(".site-address").first.inner_text()
    assert walk.page.url.split("//", 1)[1].startswith(site.rstrip("/") + "/"), "the card gives the site's address"
    # Enrol the same people in a course, from the same choice on the People page.
    walk.page.go_back()
    walk.look("people-again")
    walk.page.locator("[data-select-page]").check()  # as the page was left, or ticked again
    walk.button(km("Enrol the chosen people in a course"), "enrol")
    course = walk.page.get_by_label(km("Course"))
    course.select_option(label="សុវត្ថិភាពអគ្គិសនី")
    walk.button(km("Enrol"), "enrolled")
    assert walk.page.get_by_role("status").get_by_text("សុវត្ថិភាពអគ្គិសនី").is_visible()
    assert Enrolment.objects.filter(person__worker_id__startswith="N900", course__slug="electrical-safety").count() == 3
    # The records, then the export HR keeps.
    walk.link(km("Training records"), "records")
    with walk.page.expect_download() as download:
        walk.link(km("Export (Excel)"), "records-exported")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert km("Worker ID") in headers and km("Course") in headers, headers
    rows = [dict(zip(headers, (cell.value for cell in row), strict=False)) for row in sheet.iter_rows(min_row=2)]
    assert {row[km("Worker ID")] for row in rows} >= {"N9001", "N9002", "N9003"}
