"""Pages and H5P files reach a phone that accepts gzip compressed, and anyone else as they are.

Workers pay for mobile data by the megabyte; a catalogue page shrinks to a fifth with gzip.
"""

import gzip
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.http import StreamingHttpResponse

from media.compression import TextGZipMiddleware
from media.factories import TINY_LIBRARY, TINY_LIBRARY_JS, tiny_package, tiny_package_files, zip_bytes
from media.services import h5p_package_import

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
SCRIPT = f"/h5p/libraries/{TINY_LIBRARY}/tiny-choice.js"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def package(db):
    """A package whose content.json is long enough to be worth compressing."""
    files = tiny_package_files(question="Where do you go when the fire alarm rings? " * 20)
    content = zip_bytes(files)
    return h5p_package_import(fileobj=io.BytesIO(content), size=len(content))


def without_tokens(html: bytes) -> bytes:
    """The page without its CSRF tokens, which Django masks differently in every response."""
    return TOKEN.sub(b"", html)


def test_catalogue_page_is_compressed_for_a_browser_that_accepts_gzip(client, catalogue):
    """The catalogue comes gzip-compressed, several times smaller, and reads the same once unpacked."""
    compressed = client.get("/catalogue/", **GZIP)
    plain = client.get("/catalogue/")
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 2
    assert without_tokens(gzip.decompress(compressed.content)) == without_tokens(plain.content)
    assert not plain.has_header("Content-Encoding") and b"Fire safety" in plain.content
    assert compressed.has_header("Content-Security-Policy")  # the page's policy still goes with it


@pytest.mark.parametrize("path", [SCRIPT, "/h5p/packages/{folder}/content/content.json"])
def test_h5p_text_files_are_sent_compressed_to_a_browser_that_accepts_gzip(client, package, path):
    """A library script and a package's JSON come compressed when asked so, as they are otherwise."""
    address = path.format(folder=package.folder)
    compressed = client.get(address, **GZIP)
    plain = client.get(address)
    compressed_bytes, plain_bytes = b"".join(compressed.streaming_content), b"".join(plain.streaming_content)
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed_bytes) == plain_bytes and len(compressed_bytes) < len(plain_bytes)
    # The copy compressed at import, with its length known (compressing on the fly streams without one).
    assert int(compressed["Content-Length"]) == len(compressed_bytes)
    assert compressed["Content-Type"] == plain["Content-Type"] != "application/gzip"
    assert not plain.has_header("Content-Encoding") and "Accept-Encoding" in plain["Vary"]


def test_the_compressed_copies_are_not_files_of_their_own(client, package):
    """Only the package's own files have addresses: asking for a stored .gz copy is Not found."""
    assert default_storage.exists(f"h5p/libraries/{TINY_LIBRARY}/tiny-choice.js.gz")
    assert client.get(SCRIPT + ".gz", **GZIP).status_code == 404


def test_pictures_and_other_binary_files_are_never_compressed_again(rf):
    """A picture or a video goes out as it is, even to a browser that accepts gzip."""
    picture = bytes(range(256)) * 100
    middleware = TextGZipMiddleware(lambda request: StreamingHttpResponse([picture], content_type="image/png"))
    response = middleware(rf.get("/uploads/images/exit.png", **GZIP))
    assert not response.has_header("Content-Encoding") and b"".join(response.streaming_content) == picture


def test_a_streamed_export_is_compressed_as_it_streams(rf):
    """A CSV export streamed row by row arrives compressed and unpacks to the same rows."""
    rows = [f"W{number:05},Sok,Dara,completed\n".encode() for number in range(5000)]
    middleware = TextGZipMiddleware(lambda request: StreamingHttpResponse(iter(rows), content_type="text/csv"))
    response = middleware(rf.get("/learning/factory/export.csv", **GZIP))
    body = b"".join(response.streaming_content)
    assert response["Content-Encoding"] == "gzip" and gzip.decompress(body) == b"".join(rows)
    assert len(body) < len(b"".join(rows)) / 4


def test_older_packages_get_their_compressed_copies_from_the_command(client, db, capsys):
    """Files stored before compression existed are compressed by compress_h5p_files, once."""
    content = tiny_package()
    h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    default_storage.delete(f"h5p/libraries/{TINY_LIBRARY}/tiny-choice.js.gz")  # as before compression existed
    call_command("compress_h5p_files")
    assert "Compressed 1 file(s)" in capsys.readouterr().out
    response = client.get(SCRIPT, **GZIP)
    assert gzip.decompress(b"".join(response.streaming_content)) == TINY_LIBRARY_JS.encode()
    call_command("compress_h5p_files")
    assert "Compressed 0 file(s)" in capsys.readouterr().out
