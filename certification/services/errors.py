"""What can go wrong with a certificate, in words a person can act on (views show `message`)."""

from django.utils.translation import gettext_lazy as _


class CertificateError(Exception):
    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(CertificateError):
    default_message = _("You are not allowed to do this.")


class ReasonRequired(CertificateError):
    default_message = _("Say why the certificate is revoked: the holder and auditors will read it.")


class AlreadyRevoked(CertificateError):
    default_message = _("This certificate has been revoked already.")
