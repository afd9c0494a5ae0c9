"""Which exercise a statement is about, read from the object id h5p-standalone writes."""

import pytest

from courses.xapi import exercise_key

FOLDER = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    "object_id, key",
    [
        (f"http://127.0.0.1:8000/h5p/packages/{FOLDER}", (FOLDER, False)),
        (f"https://h5p-files.example.org/h5p/packages/{FOLDER}/", (FOLDER, False)),
        (f"null/h5p/packages/{FOLDER}", (FOLDER, False)),  # a sandboxed frame's opaque origin
        (f"http://127.0.0.1/h5p/packages/{FOLDER}?subContentId=4f1c-9a", (FOLDER, True)),
        (f"http://127.0.0.1/h5p/packages/{FOLDER}?subContentId=", (FOLDER, True)),
        (f"http://127.0.0.1/h5p/libraries/{FOLDER}", (None, False)),
        ("http://127.0.0.1/h5p/packages/not-a-folder", (None, False)),
        (f"http://127.0.0.1/h5p/packages/{FOLDER}/content/content.json", (None, False)),
        ("http://127.0.0.1/catalogue/osh/fire-safety/practise/", (None, False)),
        (f"http://[::1/h5p/packages/{FOLDER}", (None, False)),
    ],
)
def test_exercise_is_the_package_folder_of_the_object_id(object_id, key):
    """A statement names its exercise by the package's address, whatever host the player ran on."""
    assert exercise_key(object_id) == key
