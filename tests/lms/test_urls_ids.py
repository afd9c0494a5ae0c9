"""Ids in addresses: a number too long for the database, or not made of 0-9, is "not found"."""

import pytest

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

HUGE = ["9" * 19, "9" * 5000, "%C2%B2", "1e9", "-1", "%E1%9F%A1"]  # ² and Khmer one, URL-encoded


@pytest.fixture
def hr(db):
    return PersonFactory(factory=FactoryFactory(), roles=[Role.FACTORY_HR])


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize(
    "method,template",
    [
        ("post", "/accounts/unlock/{}/"),
        ("get", "/people/{}/"),
        ("post", "/learning/enrol/{}/"),
        ("post", "/learning/xapi/{}/"),
    ],
)
def test_odd_ids_are_not_found(client, hr, method, template, value):
    """Every page addressed by an id answers 404 to an id no database could hold."""
    client.force_login(hr)
    response = getattr(client, method)(template.format(value))
    assert response.status_code == 404


def test_largest_plain_id_is_still_a_clean_404(client, hr):
    """An 18-digit id reaches the query and finds nobody, without an overflow."""
    client.force_login(hr)
    assert client.post("/learning/enrol/999999999999999999/").status_code == 404
    assert client.get("/people/999999999999999999/").status_code == 404
