"""Certificates' addresses: the public verify page, private downloads and HR's register.

Included at the site root (lms/urls.py): the QR on a certificate leads to /verify/<code>/.
"""

from .views import downloads, register, verify

urlpatterns = [
    *register.urlpatterns,
    *downloads.urlpatterns,
    *verify.urlpatterns,
]
