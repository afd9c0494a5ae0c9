"""Certificate drawing benchmark: how many certificates (PDF + phone PNG) one process draws a second.

    make bench                                   # throwaway SQLite database
    BENCH_SECONDS=60 .venv/bin/python tests/perf/bench_certificates.py

Draws certificates in a loop for BENCH_SECONDS (20 by default) with `certificate_files`, as the
issuing task does, without storing them: holders reading Khmer, Chinese and English in turn, one in
ten with a very long name and course title (drawn again smaller until it fits on one page), on a
template with a logo and two signatories with signatures. Prints certificates per second, the
milliseconds per PDF and per PNG (median and 95th percentile) and the files' sizes. Exits with 1
when a PNG is 300 KB or more or a PDF is not one page.
"""

import os
import statistics
import sys
import tempfile
import time

from benchdb import bench_database

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
PNG_BUDGET = 300 * 1024


def write_certificates():
    from wagtail_factories import ImageFactory

    from certification.factories import CertificateFactory, SignatoryFactory, completion_make
    from certification.models import CertificateTemplate
    from courses.factories import CoursePageFactory
    from lms.people.factories import FactoryFactory, PersonFactory

    template = CertificateTemplate.objects.get(is_default=True)
    template.logo = ImageFactory(file__width=1200, file__height=400, file__color=(31, 78, 121))
    template.issuer_en = "Garment factory training programme, Phnom Penh"
    template.issuer_km = "កម្មវិធីបណ្តុះបណ្តាលរោងចក្រកាត់ដេរ ភ្នំពេញ"
    template.save()
    for name, name_km in (("Sok Chanthy", "សុខ ចន្ធី"), ("Chea Sophal", "ជា សុផល")):
        SignatoryFactory(
            template=template,
            name=name,
            name_km=name_km,
            signature=ImageFactory(file__width=600, file__height=200, file__color=(20, 20, 20)),
        )
    factory = FactoryFactory(code="BENCH-CERT", name="Angkor Apparel", name_km="រោងចក្រកាត់ដេរ អង្គរ")
    course = CoursePageFactory(title="Fire and emergency evacuation", certificate_validity_months=24)
    long_course = CoursePageFactory(
        parent=course.get_parent(),
        title="Occupational safety and health for line supervisors: fire prevention, evacuation drills, "
        "first aid, chemical handling, machine guarding and safe lifting in every section",
    )
    certificates = []
    for n in range(30):
        language = ("km", "zh-hans", "en")[n % 3]
        person = PersonFactory(factory=factory, preferred_language=language)
        if n % 10 == 9:
            person.family_name_km, person.given_name_km = "ស្រីពៅ" * 5, "ចាន់សុភាព" * 4
            person.last_name, person.first_name = "Sreypov" * 6, "Chansophea" * 5
            person.save()
        certificates.append(
            CertificateFactory(completion=completion_make(person=person, course=long_course if n % 10 == 9 else course))
        )
    return certificates


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
    with tempfile.TemporaryDirectory() as uploads:
        os.environ["MEDIA_ROOT"] = uploads
        with bench_database():
            import pypdfium2
            from django.db import connection

            from certification.rendering import certificate_pdf, png_from_pdf

            certificates = write_certificates()
            # The first drawing loads fonts and makes the pictures' resized copies: not measured.
            png_from_pdf(certificate_pdf(certificates[0]))
            pdf_ms, png_ms, pdf_sizes, png_sizes = [], [], [], []
            ok = True
            started = time.perf_counter()
            while time.perf_counter() - started < SECONDS:
                certificate = certificates[len(pdf_ms) % len(certificates)]
                t0 = time.perf_counter()
                pdf = certificate_pdf(certificate)
                t1 = time.perf_counter()
                png = png_from_pdf(pdf)
                t2 = time.perf_counter()
                pdf_ms.append((t1 - t0) * 1000)
                png_ms.append((t2 - t1) * 1000)
                pdf_sizes.append(len(pdf))
                png_sizes.append(len(png))
                ok &= len(png) < PNG_BUDGET and len(pypdfium2.PdfDocument(pdf)) == 1
            seconds = time.perf_counter() - started
            count = len(pdf_ms)
            print(
                f"Certificate drawing on {connection.vendor}: one process, PDF (WeasyPrint) + PNG (pdfium), "
                "Khmer, Chinese and English holders, one in ten with a very long name"
            )
            print(f"  {count:,} certificates in {seconds:.1f} s  {count / seconds:6.2f} certificates/s")
            print(
                f"  PDF  {statistics.median(pdf_ms):6.0f} ms median  {percentile(pdf_ms, 0.95):6.0f} ms p95   "
                f"{statistics.median(pdf_sizes) / 1024:5.0f} KB median  {max(pdf_sizes) / 1024:5.0f} KB largest"
            )
            print(
                f"  PNG  {statistics.median(png_ms):6.0f} ms median  {percentile(png_ms, 0.95):6.0f} ms p95   "
                f"{statistics.median(png_sizes) / 1024:5.0f} KB median  {max(png_sizes) / 1024:5.0f} KB largest "
                f"(budget {PNG_BUDGET // 1024} KB: {'within' if ok else 'OVER, or a PDF of more than one page'})"
            )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
