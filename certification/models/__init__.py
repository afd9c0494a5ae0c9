"""Certificates; see templates.py (what a certificate says) and certificates.py (who holds which)."""

from .certificates import Certificate, CertificateEvent, CertificateReminder, Regeneration
from .templates import CertificateTemplate, CourseCertificate, Signatory

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateReminder",
    "CertificateTemplate",
    "CourseCertificate",
    "Regeneration",
    "Signatory",
]
