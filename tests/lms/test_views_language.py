import pytest
from django.conf import settings

from lms.people.factories import PersonFactory


@pytest.mark.django_db
def test_language_switch_sets_cookie_for_visitors(client):
    """A visitor who taps ភាសាខ្មែរ gets the interface in Khmer from then on."""
    response = client.post("/language/", {"language": "km", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "km"
    page = client.get("/")
    assert page["Content-Language"] == "km"
    assert '<html lang="km">' in page.content.decode()


@pytest.mark.django_db
def test_language_switch_is_remembered_for_signed_in_person(client):
    """A signed-in worker who switches to Chinese keeps Chinese as their preferred language."""
    person = PersonFactory(preferred_language="km")
    client.force_login(person)
    client.post("/language/", {"language": "zh-hans", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "zh-hans"


@pytest.mark.django_db
def test_language_switch_ignores_unknown_language_and_foreign_redirect(client):
    """An unknown language changes nothing and `next` cannot send people to another site."""
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_every_page_offers_all_three_languages(client):
    """The footer lets anyone switch between Khmer, English and Chinese."""
    html = client.get("/").content.decode()
    for code, name in (("km", "ភាសាខ្មែរ"), ("en", "English"), ("zh-hans", "简体中文")):
        assert f'value="{code}"' in html
        assert name in html


@pytest.mark.parametrize("language", ["de", "zh-hant", "en-gb", "km\u200b", "x" * 5000])
def test_language_sala_does_not_speak_changes_nothing(client, db, language):
    """A language Django knows but Sala does not offer is neither stored nor set as a cookie."""
    person = PersonFactory(preferred_language="km")
    client.force_login(person)
    response = client.post("/language/", {"language": language, "next": "/"})
    assert response.status_code == 302 and "django_language" not in response.cookies
    person.refresh_from_db()
    assert person.preferred_language == "km"
