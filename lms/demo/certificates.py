"""Demo certificates: the default template dressed as the programme's, and a certificate for every
completion in the demo records.

The default template gets a logo, Khmer and Chinese wording, an issuer line and two signatories
with pictures of their signatures, drawn here with Pillow into Wagtail images (Khmer needs raqm).

Each completion without a certificate gets one, as `certificate_issue` would have made it (its
course's template, validity, the holder's factory and department at the time, a new code, an
"issued" line in the audit trail) but written in batches of plain rows (`lms.demo.bulk`: COPY on
PostgreSQL) and without files: those are drawn the first time someone downloads it. Three years
of records give expired certificates and ones expiring soon by themselves; the demo factory is
made sure to have a few expiring within the reminder window, one expired and one revoked with a
reason, so HR's register and the verify page show every state. The demo worker has no records at
all: completing fire safety in the browser issues a real certificate, drawn at once.
"""

import datetime
import io
import math
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, features
from wagtail.images import get_image_model

from certification.choices import EXPIRING_WITHIN_DAYS, CertificateAction
from certification.codes import code_new
from certification.models import Certificate, CertificateEvent, CertificateTemplate, CourseCertificate, Signatory
from certification.services.revoking import certificate_revoke
from certification.states import expiry_date
from courses.localization import default_locale_id
from courses.models import Completion, CoursePage, Enrolment, LessonPartResult
from lms.people.models import Factory, Person

from .bulk import RowWriter, foreign_keys_check, load_transaction

KHMER_FONT = Path("/usr/share/fonts/truetype/khmeros/KhmerOS.ttf")
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
BATCH = 20_000  # completions read and certificates written per transaction
# The demo factory's register shows at least this many certificates expiring within the window.
EXPIRING_IN_DEMO_FACTORY = 3
REVOCATION_REASON = (
    "The attendance sheet was signed for her by a colleague: she was on leave that week. "
    "She is enrolled in the next session."
)

SIGNATORIES = [
    {
        "name": "Meas Vanna",
        "name_km": "មាស វណ្ណា",
        "title": "Programme manager",
        "title_km": "អ្នកគ្រប់គ្រងកម្មវិធី",
        "title_zh": "项目经理",
    },
    {
        "name": "Chea Sokha",
        "name_km": "ជា សុខា",
        "title": "Head of training",
        "title_km": "ប្រធានផ្នែកបណ្តុះបណ្តាល",
        "title_zh": "培训主管",
    },
]


@transaction.atomic
def demo_template_dress() -> CertificateTemplate:
    """The default template with the demo programme's logo, wording in three languages and two
    signatories; left as it is if it has signatories already (staff may have changed it)."""
    template = CertificateTemplate.objects.get(is_default=True)
    if template.signatories.exists():
        return template
    template.issuer_en = "Sala garment sector training programme, Phnom Penh"
    template.issuer_km = "កម្មវិធីបណ្តុះបណ្តាលវិស័យកាត់ដេរ សាលា ភ្នំពេញ"
    template.issuer_zh = "Sala 制衣业培训项目，金边"
    template.heading_km = "វិញ្ញាបនបត្របញ្ចប់វគ្គបណ្តុះបណ្តាល"
    template.heading_zh = "结业证书"
    template.statement_km = "បានបញ្ចប់វគ្គបណ្តុះបណ្តាលដោយជោគជ័យ"
    template.statement_zh = "已顺利完成培训课程"
    template.logo = _image("Sala programme logo", "sala-logo.png", _logo_drawn())
    template.save()
    for number, person in enumerate(SIGNATORIES):
        signature = _image(
            f"Signature of {person['name']}", f"signature-{number + 1}.png", _signature_drawn(seed=number + 1)
        )
        Signatory.objects.create(template=template, sort_order=number, signature=signature, **person)
    return template


def _image(title: str, name: str, content: bytes):
    return get_image_model().objects.create(title=title, file=ContentFile(content, name=name))


def _png(picture: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _font(path: Path, size: int):
    if not path.exists():
        return ImageFont.load_default(size)
    if path == KHMER_FONT and features.check("raqm"):
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
    return ImageFont.truetype(str(path), size)


def _logo_drawn() -> bytes:
    """A round green seal with the programme's name in Khmer and Latin script, on transparency."""
    size = 480
    picture = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(11, 110, 79, 255))
    draw.ellipse((34, 34, size - 34, size - 34), outline=(255, 255, 255, 255), width=6)
    # A needle and thread: the sector the programme trains.
    draw.line((150, 330, 330, 150), fill=(255, 214, 102, 255), width=12)
    draw.ellipse((318, 136, 346, 164), outline=(255, 214, 102, 255), width=6)
    if features.check("raqm") and KHMER_FONT.exists():
        draw.text((size / 2, 170), "សាលា", font=_font(KHMER_FONT, 96), fill="white", anchor="mm")
    draw.text((size / 2, 360), "SALA", font=_font(LATIN_FONT, 84), fill="white", anchor="mm")
    return _png(picture)


def _signature_drawn(*, seed: int) -> bytes:
    """A handwritten-looking stroke in dark blue ink, on transparency."""
    rng = random.Random(seed)
    width, height = 600, 200
    picture = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    loops = rng.randint(4, 6)
    points = []
    for step in range(240):
        t = step / 239
        x = 40 + t * (width - 80)
        y = height / 2 + 48 * math.sin(t * loops * math.pi * 2 + seed) * (1 - t * 0.6) + 18 * math.sin(t * 23)
        points.append((x + 14 * math.cos(t * loops * math.pi * 2), y))
    draw.line(points, fill=(20, 36, 110, 255), width=5, joint="curve")
    draw.line((60, height - 40, width - 120, height - 52), fill=(20, 36, 110, 255), width=3)
    return _png(picture)


# --- Certificates for the demo records ---------------------------------------------------------


class CourseRules:
    """Which template and validity each course's certificates have, read once. A course's choices
    are those of its English page, which its translations share (`courses.localization`)."""

    def __init__(self):
        default = CertificateTemplate.objects.get(is_default=True).pk
        pages = list(
            CoursePage.objects.values_list("pk", "translation_key", "locale_id", "certificate_validity_months")
        )
        english_locale = default_locale_id()
        english = {key: (pk, months) for pk, key, locale, months in pages if locale == english_locale}
        chosen = dict(CourseCertificate.objects.values_list("course_id", "template_id"))
        validity = dict(CertificateTemplate.objects.values_list("pk", "validity_months"))
        self.canonical: dict[int, int] = {}
        self.template: dict[int, int] = {}
        self.months: dict[int, int | None] = {}
        for pk, key, _locale, own_months in pages:
            canonical, months = english.get(key, (pk, own_months))
            template = chosen.get(canonical) or default
            self.canonical[pk] = canonical
            self.template[pk] = template
            self.months[pk] = months if months is not None else validity.get(template)


def demo_certificates_create() -> dict[str, int]:
    """A certificate (without files) and its "issued" line for every completion that has none,
    in batches; then the demo factory's states made sure of. Returns counts for the summary."""
    rules = CourseRules()
    codes = set(Certificate.objects.values_list("code", flat=True))
    local = timezone.get_current_timezone()
    certificates = RowWriter(
        Certificate,
        [
            "id",
            "completion_id",
            "person_id",
            "course_id",
            "template_id",
            "factory_id",
            "department_id",
            "code",
            "issued_on",
            "expires_on",
            "issued_at",
        ],
    )
    events = RowWriter(CertificateEvent, ["id", "certificate_id", "action", "at"])
    written = 0
    last = 0
    while True:
        batch = list(
            Completion.objects.filter(pk__gt=last, certificate__isnull=True)
            .order_by("pk")
            .values_list("pk", "person_id", "course_id", "completed_at", "person__factory_id", "person__department_id")[
                :BATCH
            ]
        )
        if not batch:
            break
        for completion_id, person_id, course_id, completed_at, factory_id, department_id in batch:
            code = code_new()
            while code in codes:
                code = code_new()
            codes.add(code)
            issued_on = completed_at.astimezone(local).date()
            certificate_id = certificates.next_id()
            certificates.add(
                certificate_id,
                completion_id,
                person_id,
                rules.canonical.get(course_id, course_id),
                rules.template.get(course_id) or rules.template[rules.canonical.get(course_id, course_id)],
                factory_id,
                department_id,
                code,
                issued_on,
                expiry_date(issued_on=issued_on, validity_months=rules.months.get(course_id)),
                completed_at,
            )
            events.add(events.next_id(), certificate_id, CertificateAction.ISSUED, completed_at)
        with load_transaction():
            written += certificates.flush()
            events.flush()
        last = batch[-1][0]
    foreign_keys_check([certificates, events])
    return {"certificates": written}


def demo_states_ensure(*, factory: Factory, revoked_by: Person, today: datetime.date | None = None) -> dict[str, int]:
    """The demo factory's register shows every state: a few certificates expiring soon, one
    expired, one revoked with its reason. Returns how many of each it has."""
    today = today or timezone.localdate()
    mine = Certificate.objects.filter(factory=factory)
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    expiring = mine.filter(revoked_at__isnull=True, expires_on__gt=today, expires_on__lte=soon)
    missing = EXPIRING_IN_DEMO_FACTORY - expiring.count()
    if missing > 0:
        _expiring_made(mine, missing, today=today)
    if not mine.filter(revoked_at__isnull=True, expires_on__lte=today).exists():
        _expired_made(mine, today=today)
    if not mine.filter(revoked_at__isnull=False).exists():
        revoked = (
            mine.filter(revoked_at__isnull=True, expires_on__gt=soon)
            .exclude(pk__in=expiring.values("pk"))
            .order_by("issued_on", "pk")
            .first()
        )
        if revoked is not None:
            certificate_revoke(certificate=revoked, by=revoked_by, reason=REVOCATION_REASON)
    return {
        "expiring": expiring.count(),
        "expired": mine.filter(revoked_at__isnull=True, expires_on__lte=today).count(),
        "revoked": mine.filter(revoked_at__isnull=False).count(),
    }


def _expiring_made(mine, count: int, *, today: datetime.date) -> None:
    """Move a few first-cycle completions of courses that expire back in time, whole (enrolment,
    completion and certificate together), so their certificates expire within the window."""
    chosen = list(
        mine.filter(revoked_at__isnull=True, expires_on__gt=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS))
        .filter(completion__enrolment__cycle=1)
        .select_related("completion__enrolment")
        .order_by("-issued_on", "pk")[:count]
    )
    for number, certificate in enumerate(chosen):
        target = today + datetime.timedelta(days=12 + 17 * number)  # 12, 29, 46 days left
        _dates_moved(certificate, by=target - certificate.expires_on)


def _expired_made(mine, *, today: datetime.date) -> None:
    certificate = (
        mine.filter(revoked_at__isnull=True, expires_on__gt=today, completion__enrolment__cycle=1)
        .select_related("completion__enrolment")
        .order_by("issued_on", "pk")
        .first()
    )
    if certificate is not None:
        _dates_moved(certificate, by=today - datetime.timedelta(days=40) - certificate.expires_on)


def _dates_moved(certificate: Certificate, *, by: datetime.timedelta) -> None:
    completion = certificate.completion
    enrolment = completion.enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=enrolment.enrolled_at + by, completed_at=enrolment.completed_at + by
    )
    enrolment.lesson_progress.update(started_at=F("started_at") + by, completed_at=F("completed_at") + by)
    LessonPartResult.objects.filter(progress__enrolment=enrolment).update(passed_at=F("passed_at") + by)
    Completion.objects.filter(pk=completion.pk).update(completed_at=completion.completed_at + by)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=certificate.issued_on + by,
        expires_on=certificate.expires_on + by,
        issued_at=certificate.issued_at + by,
    )
    certificate.events.update(at=F("at") + by)
