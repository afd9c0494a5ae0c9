"""Certificates on other apps' screens (My learning, the start page, a person's page): the
functions below register themselves for lms.people.panels hooks when wagtail_hooks imports this."""

from wagtail import hooks

from lms.people.panels import HOME_PANELS, MY_LEARNING_PANELS, PERSON_PAGE_PANELS, Panel

from .permissions import user_can_read_register
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


class RegisterLinkPanel(Panel):
    """On the start page of HR, trainers and programme staff: the way to the certificate register."""

    name = "certificate_register"
    order = 25
    template_name = "certification/panels/register_link.html"


@hooks.register(HOME_PANELS)
def add_certificate_home_panels(request, panels):
    certificates = person_certificates(person=request.user, viewer=request.user)
    expiring = [item for item in certificates if item.expiring_soon]
    if expiring:
        panels.append(ExpiringCertificatesPanel(expiring=expiring))
    if user_can_read_register(request.user):
        panels.append(RegisterLinkPanel())


class PersonCertificatesPanel(Panel):
    """On a person's page for HR and staff: their certificates the viewer may see."""

    name = "certificates"
    order = 25
    template_name = "certification/panels/person_certificates.html"


@hooks.register(PERSON_PAGE_PANELS)
def add_person_certificates_panel(request, panels, person):
    panels.append(PersonCertificatesPanel(certificates=person_certificates(person=person, viewer=request.user)))
