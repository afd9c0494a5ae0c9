import pytest
from django.contrib.auth.models import Group

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.models import Factory, Person


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
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


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
            "gender": "male",
            "preferred_language": "en",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.django_db
def test_admin_creates_factory_hr_with_factory_and_normalised_phone(client):
    """Programme staff create an HR officer in the admin; the factory and phone are saved."""
    factory = FactoryFactory()
    hr_group = Group.objects.get(name=Role.FACTORY_HR.value)
    client.force_login(StaffFactory(is_superuser=True))
    form = {
        "username": "hr-f001",
        "email": "hr@example.org",
        "first_name": "Sreymom",
        "last_name": "Chan",
        "family_name_km": "ចាន់",
        "given_name_km": "ស្រីមុំ",
        "gender": "female",
        "phone": "012 345 679",
        "preferred_language": "km",
        "groups": [hr_group.pk],
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
    }
    missing_factory = client.post("/admin/users/new/", form)
    assert missing_factory.status_code == 200
    assert "Factory HR must belong to a factory" in missing_factory.content.decode()
    assert not Person.objects.filter(username="hr-f001").exists()

    response = client.post("/admin/users/new/", {**form, "factory": factory.pk})
    assert response.status_code == 302
    hr = Person.objects.get(username="hr-f001")
    assert (hr.factory, hr.phone, hr.given_name_km) == (factory, "+85512345679", "ស្រីមុំ")
    assert hr.has_role(Role.FACTORY_HR)


@pytest.mark.django_db
def test_programme_staff_keep_factories_in_the_admin(client):
    """Programme staff list, add and edit factories in the admin; the menu links to the people screens."""
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "People and rosters" in page and "/people/" in page
    assert client.get("/admin/factories/").status_code == 200
    response = client.post(
        "/admin/factories/new/",
        {
            "name": "Mekong Shoes",
            "name_km": "ស្បែកជើងមេគង្គ",
            "code": "KS-009",
            "registration_number": "MOC-9",
            "province": "kampong_speu",
            "sector": "footwear",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Factory.objects.get(code="KS-009").name_km == "ស្បែកជើងមេគង្គ"


@pytest.mark.django_db
def test_trainer_cannot_edit_factories(client):
    """Trainers use the admin for training but cannot change the list of factories."""
    client.force_login(StaffFactory(roles=[Role.TRAINER]))
    assert client.get("/admin/factories/new/").status_code in (302, 403)
