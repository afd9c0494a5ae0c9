"""Demo catalogue: programmes, courses and lessons with their Khmer translations, one H5P exercise
and the toolkits, built from the words in `texts/` with the page factories the tests use."""

import io
import json
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, features
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.factories import key_point_block, page_translate, quiz_block, site_root, text_block, translations_sync
from courses.models import (
    Audience,
    CatalogueIndexPage,
    CoursePage,
    LessonPage,
    ProgrammePage,
    ToolkitIndexPage,
    ToolkitPage,
)
from courses.toolkits import toolkit_collection
from media.factories import h5p_json, tiny_package, tiny_package_files, zip_bytes
from media.services import h5p_package_import

from .texts import PROGRAMMES, TOOLKITS
from .texts.khmer_lessons import KHMER_LESSONS, KHMER_PRACTICE
from .texts.toolkits import HOW_TO_USE, HOW_TO_USE_KM, TOOLKIT_INDEX

KHMER_FONT = Path("/usr/share/fonts/truetype/khmeros/KhmerOS.ttf")


def demo_catalogue_create() -> dict[str, int]:
    """Create the catalogue, its Khmer translations and the toolkits, unless a catalogue exists."""
    if CatalogueIndexPage.objects.exists():
        return {"programmes": 0, "courses": 0, "lessons": 0, "toolkits": 0}
    root = site_root()
    index = _add(
        root,
        CatalogueIndexPage(title="Courses", slug="catalogue", intro="<p>Short courses for everyone in the sector.</p>"),
    )
    counts = {"programmes": 0, "courses": 0, "lessons": 0, "toolkits": 0}
    translated = []  # (english page, fields in Khmer)
    translated.append((index, {"title": "វគ្គសិក្សា", "intro": "<p>វគ្គសិក្សាខ្លីៗសម្រាប់មនុស្សគ្រប់គ្នាក្នុងវិស័យ។</p>"}))
    audiences = {a.code: a for a in Audience.objects.all()}
    for spec in PROGRAMMES:
        programme = _add(
            index,
            ProgrammePage(
                title=spec["title"], slug=spec["slug"], summary=spec["summary"], sequential=spec["sequential"]
            ),
        )
        translated.append((programme, {"title": spec["title_km"]}))
        counts["programmes"] += 1
        for slug, title, summary, topic, delivery, minutes, for_whom, title_km, summary_km, lessons, lessons_km in spec[
            "courses"
        ]:
            course = CoursePage(
                title=title,
                slug=slug,
                summary=summary,
                topic=topic,
                delivery_mode=delivery,
                duration_minutes=minutes,
                self_enrolment=delivery == "self_paced",
            )
            course.audiences = [audiences[code] for code in for_whom]
            if "workers" in for_whom and topic == "osh":
                course.required_for = [audiences["workers"]]
            course.certificate_validity_months = 24 if topic == "osh" else None
            _add(programme, course)
            counts["courses"] += 1
            if title_km:
                translated.append((course, {"title": title_km, "summary": summary_km}))
            lessons_km = lessons_km or KHMER_LESSONS.get(slug)
            for number, lesson_spec in enumerate(lessons):
                lesson = _add(
                    course,
                    LessonPage(
                        title=lesson_spec[1],
                        slug=lesson_spec[0],
                        body=_lesson_body(*lesson_spec[2:], picture=slug == "fire-safety" and number == 0),
                    ),
                )
                counts["lessons"] += 1
                if lessons_km:
                    translated.append((lesson, _khmer_lesson(lesson, *lessons_km[number])))
    practice = _h5p_exercise_add(CoursePage.objects.get(slug="heat-stress", locale=index.locale))
    translated.append((practice, _khmer_practice(practice)))
    counts["lessons"] += 1
    toolkits = _toolkits_create(root)
    translated.extend(toolkits)
    counts["toolkits"] = len(TOOLKITS)
    translations_sync()
    for page, fields in translated:
        page_translate(page, "km", **fields)
    return counts


def _add(parent, page):
    parent.add_child(instance=page)
    return page


def _lesson_body(paragraphs, key_point, quiz, picture=False) -> list[dict]:
    body = [text_block("".join(f"<p>{escape(p)}</p>" for p in paragraphs))]
    if picture:
        image = _exit_sign_image()
        if image is not None:
            body.insert(
                0,
                {
                    "type": "picture",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "image": {"image": image.pk, "alt_text": "Green emergency exit sign", "decorative": False},
                        "caption": "Follow the green signs to the nearest exit.",
                    },
                },
            )
    body.append(key_point_block(key_point))
    if quiz:
        body.append(quiz_block(quiz, title="Check yourself"))
    return body


def _khmer_lesson(lesson: LessonPage, title, paragraphs, key_point, quiz) -> dict:
    """The Khmer body keeps the English block ids and the right answers; only the words change."""
    blocks = []
    for block in lesson.body.raw_data:
        block = dict(block)
        if block["type"] == "text":
            block["value"] = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        elif block["type"] == "key_point":
            block["value"] = {**block["value"], "text": key_point}
        elif block["type"] == "picture":
            block["value"] = {**block["value"], "caption": "ដើរតាមស្លាកពណ៌បៃតងទៅច្រកចេញជិតបំផុត។"}
        elif block["type"] == "quiz" and quiz:
            questions = []
            for english, (question, answers, explanation) in zip(block["value"]["questions"], quiz, strict=True):
                english_answers = _item_value(english)["answers"]
                khmer_answers = [_item_with(a, text=text) for a, text in zip(english_answers, answers, strict=True)]
                questions.append(_item_with(english, question=question, explanation=explanation, answers=khmer_answers))
            block["value"] = {**block["value"], "title": "ពិនិត្យខ្លួនឯង", "questions": questions}
        blocks.append(block)
    return {"title": title, "body": blocks}


def _item_value(item: dict) -> dict:
    """A ListBlock item is stored either as its value or as {"type": "item", "value": ..., "id": ...}."""
    return item["value"] if item.get("type") == "item" else item


def _item_with(item: dict, **changes) -> dict:
    if item.get("type") == "item":
        return {**item, "value": {**item["value"], **changes}}
    return {**item, **changes}


def _exit_sign_image():
    """A small exit-sign picture, so the demo shows phone-sized image renditions (Khmer needs raqm)."""
    if not (KHMER_FONT.exists() and features.check("raqm")):
        return None
    picture = PILImage.new("RGB", (1200, 600), (11, 110, 79))
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(str(KHMER_FONT), 150, layout_engine=ImageFont.Layout.RAQM)
    draw.text((600, 230), "ច្រកចេញ", font=font, fill="white", anchor="mm")
    draw.text((600, 440), "EXIT →", font=ImageFont.truetype(str(KHMER_FONT), 110), fill="white", anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return get_image_model().objects.create(
        title="Emergency exit sign", file=ContentFile(buffer.getvalue(), name="exit-sign.jpg")
    )


def _h5p_exercise_add(course: CoursePage) -> LessonPage:
    """An interactive exercise (our own small H5P library), so the demo shows H5P results."""
    content = tiny_package(
        question="A co-worker feels dizzy and stops sweating in the heat. What do you do first?",
        answers=(
            "Tell her to keep working",
            "Take her to a cool place and call the nurse",
            "Give her a sweet drink and leave",
        ),
        right=1,
    )
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    return _add(
        course,
        LessonPage(
            title="Practise: helping a co-worker",
            slug="practise",
            body=[
                text_block("<p>Choose what you would do. Your answer is saved when you tap it.</p>"),
                {"type": "h5p", "id": str(uuid.uuid4()), "value": {"package": package.pk, "caption": ""}},
            ],
        ),
    )


def _khmer_practice(lesson: LessonPage) -> dict:
    """The practice lesson in Khmer, with the exercise as a Khmer package of its own: an H5P
    package carries its words, so the Khmer page plays the Khmer one (same blocks, same right answer)."""
    files = tiny_package_files(question=KHMER_PRACTICE["question"], answers=KHMER_PRACTICE["answers"], right=1)
    files["h5p.json"] = json.dumps({**h5p_json(title=KHMER_PRACTICE["exercise_title"]), "language": "km"}).encode()
    content = zip_bytes(files)
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    blocks = _blocks_replaced(
        lesson,
        text=lambda _value: f"<p>{escape(KHMER_PRACTICE['intro'])}</p>",
        h5p=lambda value: {**value, "package": package.pk},
    )
    return {"title": KHMER_PRACTICE["title"], "body": blocks}


def _blocks_replaced(page, **new_value) -> list[dict]:
    """The page's blocks, with their ids, each block of a type named here given the new value that
    function makes from its English one (a translation keeps the English block ids)."""
    blocks = []
    for block in page.body.raw_data:
        block = dict(block)
        if block["type"] in new_value:
            block["value"] = new_value[block["type"]](block["value"])
        blocks.append(block)
    return blocks


def _toolkits_create(root) -> list[tuple]:
    """The toolkit index and the toolkits, each with its checklist in the restricted collection;
    returns (english page, fields in Khmer) for each, the Khmer toolkits linking to Khmer checklists."""
    index = _add(
        root,
        ToolkitIndexPage(title=TOOLKIT_INDEX["title"], slug="toolkits", intro=_paragraphs([TOOLKIT_INDEX["intro"]])),
    )
    translated = [(index, {"title": TOOLKIT_INDEX["title_km"], "intro": _paragraphs([TOOLKIT_INDEX["intro_km"]])})]
    collection = toolkit_collection()
    for spec in TOOLKITS:
        document = _checklist_document(collection, spec["document_title"], spec["items"], spec["file_name"], "en")
        toolkit = _add(
            index,
            ToolkitPage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                body=[
                    text_block(f"<h2>{HOW_TO_USE}</h2>{_paragraphs(spec['how_to_use'])}"),
                    {
                        "type": "document",
                        "id": str(uuid.uuid4()),
                        "value": {"document": document.pk, "label": spec["document_title"]},
                    },
                ],
            ),
        )
        translated.append((toolkit, _khmer_toolkit(toolkit, spec, collection)))
    return translated


def _khmer_toolkit(toolkit: ToolkitPage, spec: dict, collection) -> dict:
    """The Khmer toolkit keeps the English block ids; its document block links to a Khmer checklist
    of its own, in the same restricted collection (a PDF carries its words, like an H5P package)."""
    document = _checklist_document(collection, spec["document_title_km"], spec["items_km"], spec["file_name_km"], "km")
    blocks = _blocks_replaced(
        toolkit,
        text=lambda _value: f"<h2>{HOW_TO_USE_KM}</h2>{_paragraphs(spec['how_to_use_km'])}",
        document=lambda value: {**value, "document": document.pk, "label": spec["document_title_km"]},
    )
    return {"title": spec["title_km"], "summary": spec["summary_km"], "body": blocks}


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _checklist_document(collection, title: str, items: list[str], filename: str, language: str):
    return get_document_model().objects.create(
        title=title,
        collection=collection,
        file=ContentFile(_checklist_pdf(title, items, language), name=filename),
    )


# A Khmer checklist names its Khmer fonts (fonts-khmeros, see ARCHITECTURE "Khmer") instead of taking
# whichever font the system's fallback finds; lang="km" tells the shaper which rules to apply.
CHECKLIST_FONTS = {"km": "'Khmer OS', 'Khmer OS System', sans-serif", "en": "sans-serif"}


def _checklist_pdf(title: str, items: list[str], language: str = "en") -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - loading WeasyPrint takes a second; only the demo needs it here

    rows = "".join(f"<li>☐ {escape(item)}</li>" for item in items)
    html = (
        f"<html lang='{language}'><body style=\"font-family: {CHECKLIST_FONTS[language]}\">"
        f"<h1>{escape(title)}</h1><ul style='list-style:none'>{rows}</ul></body></html>"
    )
    return HTML(string=html).write_pdf()
