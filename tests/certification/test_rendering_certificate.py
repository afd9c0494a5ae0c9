"""The certificate's PDF and phone picture as the holder, HR and an inspector see them."""

import ctypes
import io
import re

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.core.files.storage import default_storage
from PIL import Image
from wagtail_factories import ImageFactory

from certification.factories import CertificateFactory, SignatoryFactory, completion_make
from certification.models import CertificateTemplate
from certification.rendering import certificate_files, certificate_pdf, png_from_pdf
from courses.factories import CoursePageFactory, page_translate, translations_sync
from lms.people.factories import PersonFactory

A4_LANDSCAPE = (842, 595)  # points
RED = (220, 20, 20)
GREEN = (20, 200, 60)


def certificate_for(person, course, **fields):
    return CertificateFactory(completion=completion_make(person=person, course=course), **fields)


def page_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].get_textpage().get_text_bounded()
    finally:
        document.close()


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts the page's text is drawn with, embedded in the file."""
    document = pypdfium2.PdfDocument(pdf)
    names = set()
    try:
        for item in document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(item.raw)
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
            if pdfium_c.FPDFFont_GetIsEmbedded(font):
                names.add(buffer.value.decode().split("+")[-1])
    finally:
        document.close()
    return names


def squeezed(text: str) -> str:
    """Text without spaces or invisible marks."""
    return re.sub(r"[\s\u200b-\u200d\ufeff]", "", text)


def khmer_letters(text: str) -> str:
    """Only the Khmer letters: text pulled back out of a PDF carries stray marks where pdfium
    reads a reordered Khmer cluster (a vowel drawn before its consonant)."""
    return "".join(char for char in text if "\u1780" <= char <= "\u17ff")


def coloured_share(png: bytes, colour: tuple[int, int, int]) -> float:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height)
    close = sum(count for count, pixel in counts if all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True)))
    return close / (image.width * image.height)


def test_a_certificate_is_one_landscape_a4_page(worker_a, fire_course):
    """The PDF prints on one A4 sheet, landscape."""
    files = certificate_files(certificate_for(worker_a, fire_course))
    document = pypdfium2.PdfDocument(files.pdf)
    assert len(document) == 1
    assert tuple(round(value) for value in document[0].get_size()) == A4_LANDSCAPE


def test_the_holder_name_course_dates_and_code_are_printed(worker_a, fire_course):
    """Anyone reading the PDF finds the holder's name, the course, the dates and the code."""
    # A Khmer name pdfium reads back whole: a subscript RO or a vowel drawn before its consonant
    # (ស្រី, កែវ) comes back out of order, whatever was drawn (the PNG is what to look at for those).
    worker_a.family_name_km, worker_a.given_name_km = "សុខ", "សុភា"
    worker_a.save(update_fields=["family_name_km", "given_name_km"])
    certificate = certificate_for(worker_a, fire_course)
    text = page_text(certificate_pdf(certificate))
    assert f"{worker_a.last_name} {worker_a.first_name}" in text
    assert khmer_letters(worker_a.family_name_km + worker_a.given_name_km) in khmer_letters(text)
    assert "Fire and emergency evacuation" in text
    assert certificate.code_display in text
    assert f"{certificate.expires_on.day} " in text and str(certificate.expires_on.year) in text


def test_a_khmer_holder_gets_khmer_wording_dates_and_fonts(worker_a, fire_course):
    """A Khmer reader sees the Khmer heading and Khmer digits, drawn with Khmer OS fonts."""
    certificate = certificate_for(worker_a, fire_course)
    pdf = certificate_pdf(certificate)
    text = khmer_letters(page_text(pdf))
    assert "បានបញ្ចប់វគ្គ" in text
    assert str(certificate.issued_on.year).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) in text
    fonts = embedded_fonts(pdf)
    assert any(name.replace("-", "").startswith("KhmerOS") for name in fonts), fonts


def test_a_chinese_holder_gets_chinese_wording_in_a_cjk_font(factory_a, fire_course):
    """A Chinese reader sees the Chinese statement, drawn with Noto CJK, and the English under it."""
    person = PersonFactory(factory=factory_a, preferred_language="zh-hans", last_name="Wang", first_name="Li")
    pdf = certificate_pdf(certificate_for(person, fire_course))
    text = page_text(pdf)
    assert "已顺利完成培训课程" in squeezed(text)
    assert "has successfully completed the training course" in text
    assert any("CJK" in name for name in embedded_fonts(pdf))


def test_an_english_holder_reads_english_only(factory_a, fire_course):
    """An English reader's certificate carries no second-language heading."""
    person = PersonFactory(
        factory=factory_a, preferred_language="en", family_name_km="", given_name_km="", last_name="Smith"
    )
    text = page_text(certificate_pdf(certificate_for(person, fire_course)))
    assert "Certificate of completion" in text
    assert "វិញ្ញាបនបត្រ" not in khmer_letters(text)
    assert "បានបញ្ចប់" not in khmer_letters(text)


def test_the_course_title_is_printed_in_the_holders_language_when_translated(worker_a, fire_course):
    """A course published in Khmer shows its Khmer title above the English one."""
    translations_sync()
    page_translate(fire_course, "km", title="សុវត្ថិភាពអគ្គីភ័យ និងការជម្លៀស")
    # A holder whose Khmer name pdfium reads back in order (see the test of the printed name).
    worker_a.family_name_km, worker_a.given_name_km = "សុខ", "សុភា"
    worker_a.save(update_fields=["family_name_km", "given_name_km"])
    text = page_text(certificate_pdf(certificate_for(worker_a, fire_course)))
    assert "សុវត្ថិភាព" in khmer_letters(text)
    assert "Fire and emergency evacuation" in text


def test_a_certificate_without_expiry_says_so(worker_a):
    """A course with no validity prints that the certificate does not expire."""
    course = CoursePageFactory(certificate_validity_months=None)
    certificate = certificate_for(worker_a, course)
    assert certificate.expires_on is None
    assert "Does not expire" in page_text(certificate_pdf(certificate))


def test_long_names_and_titles_stay_on_one_page(factory_a, fire_course):
    """A very long name and course title shrink to fit: one page, the code still printed at the foot."""
    person = PersonFactory(
        factory=factory_a,
        family_name_km="ស្រីពៅ" * 8,
        given_name_km="ចាន់សុភាព" * 6,
        last_name="Sreypov" * 10,
        first_name="Chansophea" * 9,
    )
    course = CoursePageFactory(
        parent=fire_course.get_parent(),
        title="Occupational safety and health for line supervisors: fire prevention, evacuation drills, "
        "first aid, chemical handling, machine guarding and safe lifting in every section of the factory",
    )
    template = CertificateTemplate.objects.get(is_default=True)
    template.issuer_en = "Issued by the programme " * 8
    template.save()
    SignatoryFactory.create_batch(3, template=template)
    certificate = certificate_for(person, course)
    pdf = certificate_pdf(certificate)
    assert len(pypdfium2.PdfDocument(pdf)) == 1
    text = page_text(pdf)
    assert certificate.code_display in text
    assert "Chansophea" in text


def test_the_phone_picture_is_a_small_png_1280_pixels_wide(worker_a, fire_course):
    """The PNG opens on a phone: 1280 pixels wide, the page's proportions, well under 300 KB."""
    files = certificate_files(certificate_for(worker_a, fire_course))
    image = Image.open(io.BytesIO(files.png))
    assert image.format == "PNG"
    assert image.width == 1280
    assert image.height == pytest.approx(1280 * A4_LANDSCAPE[1] / A4_LANDSCAPE[0], abs=2)
    assert len(files.png) < 300 * 1024


def test_a_logo_and_a_signature_are_drawn(worker_a, fire_course):
    """The template's logo and a signatory's signature appear on the certificate."""
    template = CertificateTemplate.objects.get(is_default=True)
    plain = png_from_pdf(certificate_pdf(certificate_for(worker_a, fire_course)))
    again = completion_make(person=worker_a, course=fire_course, cycle=2)
    template.logo = ImageFactory(file__width=600, file__height=200, file__color=RED)
    template.save()
    SignatoryFactory(template=template, signature=ImageFactory(file__width=400, file__height=150, file__color=GREEN))
    drawn = png_from_pdf(certificate_pdf(CertificateFactory(completion=again)))
    assert coloured_share(plain, RED) == 0 and coloured_share(plain, GREEN) == 0
    assert coloured_share(drawn, RED) > 0.005
    assert coloured_share(drawn, GREEN) > 0.002


def test_a_logo_whose_file_is_gone_leaves_a_gap_not_an_error(worker_a, fire_course):
    """A logo deleted from storage is left out; the certificate is still drawn."""
    template = CertificateTemplate.objects.get(is_default=True)
    template.logo = ImageFactory(file__width=600, file__height=200, file__color=RED)
    template.save()
    default_storage.delete(template.logo.file.name)
    files = certificate_files(certificate_for(worker_a, fire_course))
    assert coloured_share(files.png, RED) == 0
    assert len(pypdfium2.PdfDocument(files.pdf)) == 1
