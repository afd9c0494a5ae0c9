"""Drawing a certificate reads only Sala's own stylesheet and uploaded pictures, never the network."""

import socket
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail_factories import ImageFactory

from certification.rendering import pdf_from_html
from certification.rendering.fetcher import CertificateFetcher, Refused, certificate_bytes


class Listener:
    """A TCP port on 127.0.0.1 that counts who connects to it."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def test_a_page_naming_a_network_address_never_reaches_it(listener):
    """Pictures, stylesheets and fonts at a network address are left out, and nothing connects."""
    base = f"http://127.0.0.1:{listener.port}"
    html = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f"<style>@font-face {{ font-family: x; src: url({base}/font.ttf); }}"
        f"body {{ background: url({base}/back.png); font-family: x; }}</style>"
        f'<img src="{base}/x.png"><img src="https://127.0.0.1:{listener.port}/y.png">'
        f'<img src="ftp://127.0.0.1:{listener.port}/z.png"><p>Sok Sophea</p>'
    )
    assert pdf_from_html(html).startswith(b"%PDF")
    with pytest.raises(Refused):
        CertificateFetcher().fetch(f"{base}/x.png")
    assert listener.connections == 0


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "sala-static:../../../etc/passwd",
        "sala-static:certification/../../lms/settings/base.py",
        "sala-static:lms/css/site.css",
        "sala-upload:/etc/passwd",
        "sala-upload:original_images/../certificates/2026/K7MQ4XR29T.pdf",
        "sala-upload:original_images/%2e%2e/certificates/2026/K7MQ4XR29T.pdf",
        "sala-upload:certificates/2026/K7MQ4XR29T.png",
        "sala-upload:documents/toolkit.pdf",
        "sala-upload:h5p/content/1/h5p.json",
        "data:text/html,<script>alert(1)</script>",
        "//127.0.0.1/x.png",
    ],
)
def test_addresses_outside_salas_pictures_are_refused(address):
    """Files elsewhere on the server, other upload folders and tricks with ../ are refused."""
    with pytest.raises(Refused):
        certificate_bytes(address)


def test_a_private_upload_is_refused_even_when_it_exists(db):
    """A certificate file or document that exists in storage still cannot be pulled into a page."""
    for name in ("certificates/2026/K7MQ4XR29T.png", "documents/secret.png"):
        stored = default_storage.save(name, ContentFile(b"\x89PNG private"))
        try:
            with pytest.raises(Refused):
                certificate_bytes(f"sala-upload:{stored}")
        finally:
            default_storage.delete(stored)


def test_a_refused_picture_leaves_the_rest_of_the_page(tmp_path):
    """A page with a refused picture is still drawn, with its text."""
    pdf = pdf_from_html('<img src="file:///etc/passwd"><p>Sok Sophea</p>')
    assert pdf.startswith(b"%PDF")


def test_uploaded_pictures_and_the_layout_stylesheet_are_read(db):
    """A Wagtail picture, its resized copy and the layout's stylesheet load."""
    image = ImageFactory()
    rendition = image.get_rendition("max-100x100")
    with default_storage.open(image.file.name, "rb") as stored:
        assert certificate_bytes(f"sala-upload:{image.file.name}") == (stored.read(), "image/jpeg")
    assert certificate_bytes(f"sala-upload:{rendition.file.name}")[1].startswith("image/")
    body, content_type = certificate_bytes("sala-static:certification/layouts/landscape_a4.css")
    assert content_type == "text/css" and b"@page" in body
    assert certificate_bytes("data:image/svg+xml;base64,PHN2Zy8+") == (b"<svg/>", "image/svg+xml")
