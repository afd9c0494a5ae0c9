"""URL converters shared by every app.

`<id:pk>` matches a database id: 1 to 18 plain digits (0-9), so a 5,000-digit number or one too
big for the database's integer column is a 404 at the URL, never an overflow error in a query.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
