"""Drawing a certificate: a PDF by WeasyPrint, and a phone-sized PNG of it by pypdfium2."""

import dataclasses
import io

import pypdfium2
from django.template.loader import render_to_string
from weasyprint import HTML


@dataclasses.dataclass(frozen=True)
class CertificateFiles:
    pdf: bytes
    png: bytes


def certificate_files(certificate) -> CertificateFiles:
    """The certificate's PDF and PNG (a first, plain drawing; the layout is refined in its template)."""
    html = render_to_string("certification/layouts/plain.html", {"certificate": certificate})
    pdf = HTML(string=html).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=1).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return CertificateFiles(pdf=pdf, png=buffer.getvalue())
