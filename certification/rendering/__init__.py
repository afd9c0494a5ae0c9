"""Drawing certificates: what the page says (content), what it may load (fetcher), the files (drawing)."""

from .drawing import CertificateFiles, certificate_files, certificate_pdf, pdf_from_html, png_from_pdf

__all__ = ["CertificateFiles", "certificate_files", "certificate_pdf", "pdf_from_html", "png_from_pdf"]
