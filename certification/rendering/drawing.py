"""Drawing a certificate: one landscape A4 page by WeasyPrint, and a phone-sized PNG of it.

The page must stay one page whatever the names and titles hold: it is drawn at the layout's
own size first, and again a little smaller each time it runs over, down to a size still legible
on paper. The PNG is the same PDF rasterised by pdfium, about 1280 pixels wide (a phone shows it
whole, and zooming in reads the small print), in a palette of colours, which keeps it small.
"""

import dataclasses
import io

import pypdfium2
from django.template.loader import render_to_string
from PIL import Image
from weasyprint import HTML

from .content import certificate_context, holder_language
from .fetcher import CertificateFetcher

# The root text size in points: most certificates fit at the first; the smallest is still legible
# printed. Sizes are tried in half points. Khmer lines stand taller (stacked subscripts and vowels):
# a Khmer holder's page starts where it usually fits, so most are drawn once, not twice.
LARGEST_FONT = 12.0
LARGEST_FONT_BY_LANGUAGE = {"km": 11.0}
SMALLEST_FONT = 6.0
PNG_WIDTH = 1280
PNG_COLOURS = 64


@dataclasses.dataclass(frozen=True)
class CertificateFiles:
    pdf: bytes
    png: bytes


def pdf_from_html(html: str) -> bytes:
    """The PDF of one page of `html`, loading only what `CertificateFetcher` allows."""
    document = HTML(string=html, url_fetcher=CertificateFetcher()).render()
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document.write_pdf()


def filled(document) -> float:
    """How much of the page the drawn text needs: 1.0 or less fits, 1.3 runs 30% over.

    The layout spreads its blocks over the page's height (a flex column at least as tall as the
    page) and ends with an empty `.end` block. Text that runs over makes the column taller than
    the page, or goes on to a second page, or is left out: whatever happened, everything fits
    only on one page that reaches its `.end` within the page's height.
    """
    pages = [page._page_box for page in document.pages]
    bodies = [page.children[0].children[0] for page in pages]
    needed = sum(block.margin_height() for body in bodies for block in body.children)
    if len(pages) == 1:
        needed = max(needed, bodies[0].margin_height())
    last = bodies[0].children[-1] if bodies[0].children else None
    complete = len(pages) == 1 and last is not None and "end" in last.element.get("class", "")
    fill = needed / pages[0].height
    return fill if complete else max(fill, 1.05)


def smaller(font_size: float, fill: float) -> float:
    """The next size to try: about what would fit (pictures keep their size, so the guess is
    generous), at least half a point smaller, in half points."""
    guess = int(font_size / fill * 2) / 2
    return max(SMALLEST_FONT, min(font_size - 0.5, guess))


def certificate_pdf(certificate) -> bytes:
    """The certificate's PDF: one page, its text as large as fits."""
    context = certificate_context(certificate)
    layout = f"certification/layouts/{certificate.template.layout}.html"
    font_size = LARGEST_FONT_BY_LANGUAGE.get(holder_language(certificate.person), LARGEST_FONT)
    while True:
        html = render_to_string(layout, {**context, "font_size": f"{font_size:g}pt"})
        document = HTML(string=html, url_fetcher=CertificateFetcher()).render()
        fill = filled(document)
        if fill <= 1.001 or font_size <= SMALLEST_FONT:
            break
        font_size = smaller(font_size, fill)
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document.write_pdf()


def png_from_pdf(pdf: bytes, width: int = PNG_WIDTH) -> bytes:
    """The first page of `pdf` as a PNG `width` pixels wide, in a small palette."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width())
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    palette = image.quantize(colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def certificate_files(certificate) -> CertificateFiles:
    """The certificate's PDF and its phone-sized PNG."""
    pdf = certificate_pdf(certificate)
    return CertificateFiles(pdf=pdf, png=png_from_pdf(pdf))
