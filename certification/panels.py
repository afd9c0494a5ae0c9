"""Certificates on other apps' screens (My learning, the start page, a person's page): the
functions below register themselves for lms.people.panels hooks when wagtail_hooks imports this."""

from wagtail import hooks

from lms.people.panels import COURSE_COMPLETED_PANELS, HOME_PANELS, MY_LEARNING_PANELS, PERSON_PAGE_PANELS, Panel

from .models import Certificate
from .selectors import person_certificates


class MyCertificatesPanel(Panel):
    """On My learning: the person's certificates, newest first, each with its picture to download."""

    name = "my_certificates"
    order = 15
    template_name = "certification/panels/my_certificates.html"


@hooks.register(MY_LEARNING_PANELS)
def add_my_certificates_panel(request, panels):
    certificates = person_certificates(person=request.user, viewer=request.user)
    if certificates:
        panels.append(MyCertificatesPanel(certificates=certificates))


class ExpiringCertificatesPanel(Panel):
    """On the start page, while one of the person's valid certificates expires within 60 days."""

    name = "expiring_certificates"
    order = 12
    template_name = "certification/panels/expiring.html"


@hooks.register(HOME_PANELS)
def add_certificate_home_panels(request, panels):
    certificates = person_certificates(person=request.user, viewer=request.user)
    expiring = [item for item in certificates if item.expiring_soon]
    if expiring:
        panels.append(ExpiringCertificatesPanel(expiring=expiring))


class PersonCertificatesPanel(Panel):
    """On a person's page for HR and staff: their certificates the viewer may see."""

    name = "certificates"
    order = 25
    template_name = "certification/panels/person_certificates.html"


@hooks.register(PERSON_PAGE_PANELS)
def add_person_certificates_panel(request, panels, person):
    panels.append(PersonCertificatesPanel(certificates=person_certificates(person=person, viewer=request.user)))


class CourseCompletedCertificatePanel(Panel):
    """At the moment a learner completes a course: their certificate is ready to download, or
    being drawn (it is issued in a task once the completion commits)."""

    name = "course_completed_certificate"
    order = 10
    template_name = "certification/panels/course_completed.html"


@hooks.register(COURSE_COMPLETED_PANELS)
def add_course_completed_certificate_panel(request, panels, course, enrolment):
    certificate = (
        Certificate.objects.filter(completion__enrolment=enrolment)
        .only("code", "rendered_at", "png", "revoked_at")
        .first()
    )
    if certificate is not None and certificate.revoked_at is not None:
        return  # My learning says it was revoked; nothing to download here
    ready = certificate is not None and certificate.rendered_at is not None and bool(certificate.png)
    panels.append(CourseCompletedCertificatePanel(certificate=certificate if ready else None))
