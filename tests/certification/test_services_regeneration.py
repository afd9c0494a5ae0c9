"""Drawing a template's certificates again after it changed: progress, one run at a time, codes kept."""

import pytest
from django.utils import timezone

from certification.choices import CertificateAction, RegenerationStatus
from certification.factories import CertificateFactory, CertificateTemplateFactory, completion_make
from certification.models import Certificate, CertificateEvent, Regeneration
from certification.rendering import CertificateFiles
from certification.services import issuing
from certification.services.errors import NotAllowed
from certification.services.issuing import regeneration_run
from certification.services.regeneration import regeneration_start


@pytest.fixture
def drawn(monkeypatch):
    """Drawing replaced by a quick stand-in that counts the certificates it draws."""
    calls = []

    def draw(certificate):
        calls.append(certificate.pk)
        return CertificateFiles(pdf=b"%PDF-1.7", png=b"\x89PNG")

    monkeypatch.setattr(issuing, "certificate_files", draw)
    return calls


@pytest.fixture
def template(db):
    return CertificateTemplateFactory()


@pytest.fixture
def certificates(template, worker_a, fire_course):
    """Five certificates of the template, one already revoked (it is drawn again too: the file says revoked)."""
    rows = [
        CertificateFactory(
            completion=completion_make(person=worker_a, course=fire_course, cycle=cycle), template=template
        )
        for cycle in range(1, 6)
    ]
    return rows


def _identity():
    return list(Certificate.objects.order_by("pk").values_list("pk", "code", "issued_on", "expires_on"))


def test_regeneration_draws_every_certificate_of_the_template_once(
    drawn, template, certificates, programme_staff, django_capture_on_commit_callbacks
):
    """Staff see the regeneration finish at 5 of 5; each certificate has new files, the same code and dates."""
    other = CertificateFactory(
        completion=completion_make(person=certificates[0].person, course=certificates[0].course, cycle=9)
    )
    before = _identity()
    with django_capture_on_commit_callbacks(execute=True):
        regeneration = regeneration_start(template=template, by=programme_staff)
    regeneration.refresh_from_db()
    assert (regeneration.status, regeneration.total, regeneration.done, regeneration.failed) == (
        RegenerationStatus.DONE,
        5,
        5,
        0,
    )
    assert regeneration.percent == 100 and regeneration.finished_at is not None
    assert drawn == [c.pk for c in certificates] and other.pk not in drawn
    assert _identity() == before
    events = CertificateEvent.objects.filter(action=CertificateAction.REISSUED)
    assert sorted(e.certificate_id for e in events) == [c.pk for c in certificates]
    assert {(e.actor, e.reason) for e in events} == {(programme_staff, "template changed")}


def test_asking_again_while_one_runs_joins_it(drawn, template, certificates, programme_staff):
    """A second click while the regeneration waits or runs shows the same one; nothing is queued twice."""
    first = regeneration_start(template=template, by=programme_staff)  # not committed: the task waits
    second = regeneration_start(template=template, by=programme_staff)
    assert first.pk == second.pk and Regeneration.objects.count() == 1
    assert first.status == RegenerationStatus.QUEUED and first.total == 5 and drawn == []


def test_only_programme_staff_start_one(template, trainer, hr_a):
    """Trainers and HR cannot redraw a template's certificates."""
    for person in (trainer, hr_a):
        with pytest.raises(NotAllowed):
            regeneration_start(template=template, by=person)
    assert not Regeneration.objects.exists()


def test_progress_is_counted_chunk_by_chunk(drawn, template, certificates, programme_staff, monkeypatch):
    """The progress page sees 2 of 5, then 4 of 5, then done, as the chunks are drawn."""
    monkeypatch.setattr(issuing, "REGENERATION_CHUNK", 2)
    regeneration = Regeneration.objects.create(template=template, requested_by=programme_staff, total=5)
    seen, after = [], 0
    while after is not None:
        after = regeneration_run(regeneration_id=regeneration.pk, after_pk=after)
        regeneration.refresh_from_db()
        seen.append((regeneration.status, regeneration.done))
    assert seen == [("running", 2), ("running", 4), ("done", 5)]


def test_a_killed_run_delivered_again_continues_without_drawing_twice(
    drawn, template, certificates, programme_staff, monkeypatch
):
    """A worker that died in the middle of a chunk: the chunk again draws only what was not drawn, counts stay exact."""
    regeneration = Regeneration.objects.create(template=template, requested_by=programme_staff, total=5)
    real = issuing._redraw_one

    def dies_at_the_third(regeneration, certificate_id):
        if certificate_id == certificates[2].pk:
            raise SystemExit("worker killed")
        return real(regeneration, certificate_id)

    monkeypatch.setattr(issuing, "_redraw_one", dies_at_the_third)
    with pytest.raises(SystemExit):
        regeneration_run(regeneration_id=regeneration.pk)
    monkeypatch.setattr(issuing, "_redraw_one", real)
    assert regeneration_run(regeneration_id=regeneration.pk) is None
    regeneration.refresh_from_db()
    assert (regeneration.status, regeneration.done, regeneration.failed) == (RegenerationStatus.DONE, 5, 0)
    assert sorted(drawn) == [c.pk for c in certificates]
    assert CertificateEvent.objects.filter(action=CertificateAction.REISSUED).count() == 5


def test_a_certificate_that_cannot_be_drawn_is_counted_as_failed(
    drawn, template, certificates, programme_staff, monkeypatch
):
    """One broken certificate does not stop the others: staff see 4 done, 1 failed, and the error."""
    regeneration = Regeneration.objects.create(template=template, requested_by=programme_staff, total=5)
    good = issuing.certificate_files

    def sometimes_broken(certificate):
        if certificate.pk == certificates[1].pk:
            raise ValueError("a signature image is missing")
        return good(certificate)

    monkeypatch.setattr(issuing, "certificate_files", sometimes_broken)
    regeneration_run(regeneration_id=regeneration.pk)
    regeneration.refresh_from_db()
    assert (regeneration.status, regeneration.done, regeneration.failed) == (RegenerationStatus.DONE, 4, 1)
    assert "signature" in regeneration.error and regeneration.percent == 100


def test_certificates_issued_after_the_start_are_not_counted(
    drawn, template, certificates, programme_staff, worker_a, fire_course
):
    """A certificate issued during the regeneration is drawn with the new template already and not redrawn."""
    regeneration = Regeneration.objects.create(
        template=template, requested_by=programme_staff, total=5, created_at=timezone.now()
    )
    CertificateFactory(completion=completion_make(person=worker_a, course=fire_course, cycle=7), template=template)
    regeneration_run(regeneration_id=regeneration.pk)
    regeneration.refresh_from_db()
    assert (regeneration.done, regeneration.total) == (5, 5) and len(drawn) == 5


def test_two_runs_of_the_same_chunk_never_count_more_than_was_drawn(
    drawn, template, certificates, programme_staff, monkeypatch
):
    """A chunk delivered twice and run side by side: the progress page never shows more certificates
    drawn than there are drawn, and ends at 5 of 5, not at a figure over the total."""
    regeneration = Regeneration.objects.create(template=template, requested_by=programme_staff, total=5)
    real = issuing._redraw_one
    seen = []

    def figures():
        shown = Regeneration.objects.get(pk=regeneration.pk).done
        really = Certificate.objects.filter(rendered_at__gte=regeneration.created_at).count()
        seen.append((shown, really))

    def with_a_second_run(regeneration, certificate_id):
        figures()
        if certificate_id == certificates[1].pk and not seen_second_run:
            # The same message, given to another worker, runs the whole chunk now.
            seen_second_run.append(True)
            regeneration_run(regeneration_id=regeneration.pk)
            figures()
        return real(regeneration, certificate_id)

    seen_second_run = []
    monkeypatch.setattr(issuing, "_redraw_one", with_a_second_run)
    assert regeneration_run(regeneration_id=regeneration.pk) is None
    figures()
    assert seen_second_run and sorted(drawn) == [c.pk for c in certificates]
    assert all(shown <= really for shown, really in seen), seen
    regeneration.refresh_from_db()
    assert (regeneration.status, regeneration.done, regeneration.failed) == (RegenerationStatus.DONE, 5, 0)
