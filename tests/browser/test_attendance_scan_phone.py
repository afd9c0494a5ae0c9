"""Scanning login cards at training, in a real browser whose camera films cards: a registered
person's QR marks them present; a card of someone not registered asks before adding a walk-in;
the sign-in QR beside it is refused with a plain word. Chromium here has no BarcodeDetector, so
the jsQR decoder served with Sala's own files reads the codes, under the page's security policy."""

import datetime

import pytest
import qrcode
from django.test import Client
from django.utils import timezone
from PIL import Image

from lms.accounts.person_codes import person_qr_text
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus, RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.models import Attendance, Registration
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 640, 480


def camera_film(path, texts: list[str], *, seconds_each: int = 4) -> None:
    """A Y4M video (what Chromium's fake camera plays, in a loop) showing each QR code in turn."""
    with open(path, "wb") as film:
        film.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for text in texts:
            frame = Image.new("L", (WIDTH, HEIGHT), 255)
            code = qrcode.make(text, border=4).get_image().convert("L").resize((400, 400), Image.NEAREST)
            frame.paste(code, ((WIDTH - 400) // 2, (HEIGHT - 400) // 2))
            luma = frame.tobytes()
            chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
            for _ in range(10 * seconds_each):
                film.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def scene(live_server):
    trainer = StaffFactory(username="trainer", roles=[Role.TRAINER])
    factory = FactoryFactory(code="PP-001")
    now = timezone.now()
    session = SessionFactory(
        trainers=[trainer], meetings=[(now - datetime.timedelta(minutes=30), now + datetime.timedelta(hours=3))]
    )
    registered, walk_in = PersonFactory.create_batch(2, factory=factory)
    RegistrationFactory(session=session, person=registered)
    return {"trainer": trainer, "session": session, "registered": registered, "walk_in": walk_in}


def test_scanned_cards_mark_people_and_ask_before_a_walk_in(browser, scene, live_server, tmp_path):
    """The camera reads a registered person's card (present), then an unregistered one's (added on confirm)."""
    registered, walk_in = scene["registered"], scene["walk_in"]
    film = tmp_path / "cards.y4m"
    sign_in_qr = f"{live_server.url}/accounts/activate/#code=ABCD2345"
    camera_film(film, [person_qr_text(registered), sign_in_qr, person_qr_text(walk_in)])
    client = Client()
    client.force_login(scene["trainer"])
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={film}",
    ]
    # A browser of its own, from the same Playwright, whose fake camera plays the film.
    filming = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        context = filming.new_context(viewport={"width": 360, "height": 740}, locale="km-KH", permissions=["camera"])
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        violations = []
        page.on(
            "console",
            lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        meeting = scene["session"].meetings.get()
        page.goto(f"{live_server.url}/training/meetings/{meeting.pk}/register/")
        assert page.evaluate("'BarcodeDetector' in window") is False  # so jsQR does the reading
        page.click("[data-att-scan]")
        page.wait_for_selector(f"#person-{registered.pk} button[value=present][aria-pressed=true]", timeout=20000)
        page.wait_for_function(
            "() => document.querySelector('[data-att-scan-result]').textContent"
            " === JSON.parse(document.getElementById('attendance-texts').textContent).scan_sign_in_qr",
            timeout=20000,
        )
        page.wait_for_selector("[data-att-confirm]:not([hidden])", timeout=20000)
        assert walk_in.family_name_km in page.inner_text("[data-att-confirm-text]")
        page.click("[data-att-confirm-yes]")
        page.wait_for_selector(f"#person-{walk_in.pk} button[value=present][aria-pressed=true]")
        page.click("[data-att-scan-stop]")
        page.wait_for_selector("[data-att-banner].ok", timeout=15000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.goto("about:blank")
    finally:
        filming.close()
    assert dict(Attendance.objects.values_list("person", "status")) == {
        registered.pk: AttendanceStatus.PRESENT,
        walk_in.pk: AttendanceStatus.PRESENT,
    }
    assert Registration.objects.get(person=walk_in).status == RegistrationStatus.REGISTERED
    assert not violations, violations
