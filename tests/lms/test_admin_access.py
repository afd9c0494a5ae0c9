import pytest

from lms.people.choices import Role
from lms.people.factories import PersonFactory, StaffFactory


@pytest.mark.django_db
def test_programme_staff_can_open_the_admin(client):
    """Programme staff sign in with their password and reach the Wagtail admin."""
    staff = StaffFactory(roles=[Role.PROGRAMME_STAFF], is_staff=False)
    assert client.login(username=staff.username, password="correct horse battery staple")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_worker_cannot_open_the_admin(client):
    """A worker's session never opens the admin, even by typing its address."""
    client.force_login(PersonFactory())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")


@pytest.mark.django_db
def test_superuser_manages_user_accounts_in_admin(client):
    """The admin's user list and add-user form work with Sala's person records."""
    admin = StaffFactory(is_superuser=True)
    PersonFactory(first_name="Sophea", family_name_km="សុខ")
    client.force_login(admin)
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/users/new/").status_code == 200
    response = client.post(
        "/admin/users/new/",
        {
            "username": "trainer2",
            "email": "trainer2@example.org",
            "first_name": "Dara",
            "last_name": "Keo",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
