"""Toolkits and their documents are for the union contact group, trainers and programme staff only."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from courses.factories import CatalogueIndexPageFactory, ToolkitPageFactory, translations_sync
from courses.toolkits import TOOLKIT_COLLECTION, toolkit_collection
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory


@pytest.fixture
def toolkit(db):
    page = ToolkitPageFactory(title="Collective bargaining toolkit", slug="cba", summary="Steps of the CBA process.")
    translations_sync()
    document = get_document_model().objects.create(
        title="CBA checklist",
        file=ContentFile(b"%PDF-1.4 checklist", name="cba-checklist.pdf"),
        collection=toolkit_collection(),
    )
    return page, document


@pytest.fixture
def people(db):
    factory = FactoryFactory(code="PP-001")
    return {
        "worker": PersonFactory(factory=factory),
        "hr": PersonFactory(factory=factory, roles=[Role.FACTORY_HR]),
        "union": PersonFactory(factory=factory, roles=[Role.UNION_CONTACT]),
        "trainer": StaffFactory(roles=[Role.TRAINER]),
    }


def test_toolkit_collection_is_restricted_to_the_allowed_groups(toolkit):
    """The documents' collection carries a view restriction naming the three groups."""
    restriction = CollectionViewRestriction.objects.get(collection__name=TOOLKIT_COLLECTION)
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Union contact group",
        "Trainers",
        "Programme staff",
    }


@pytest.mark.parametrize("language", ["en", "km"])
def test_toolkit_page_is_closed_to_outsiders_in_every_language(client, toolkit, people, language):
    """Anonymous visitors go to sign-in; workers and HR get 404; union members and trainers read it."""
    url = "/toolkits/cba/"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for name in ("worker", "hr"):
        client.force_login(people[name])
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 404, name
    for name in ("union", "trainer"):
        client.force_login(people[name])
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200 and "Collective bargaining toolkit" in response.content.decode(), name


def test_toolkit_document_url_does_not_leak(client, toolkit, people):
    """The direct document address answers 404 to anonymous visitors and 403 to workers and HR."""
    _page, document = toolkit
    url = document.url
    assert client.get(url).status_code == 404
    for name in ("worker", "hr"):
        client.force_login(people[name])
        assert client.get(url).status_code == 403, name
    client.force_login(people["union"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_toolkit_pages_stay_out_of_the_catalogue_search(client, toolkit, people):
    """Searching the catalogue never lists a toolkit."""
    CatalogueIndexPageFactory()
    client.force_login(people["worker"])
    assert "Collective bargaining" not in client.get("/catalogue/", {"q": "bargaining"}).content.decode()
