"""Who may print login cards for, reissue or unlock whom: a login card lets its holder choose the
PIN, so nobody gets one for an account with more rights than their own reach."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from lms.accounts import services
from lms.accounts.models import ActivationCode
from lms.people.choices import JobRole, Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.permissions import user_can_manage_sign_in

CARDS = "/accounts/login-cards/"


@pytest.fixture
def plant(db):
    return FactoryFactory(code="PP-001")


@pytest.fixture
def hr(plant):
    return PersonFactory(factory=plant, roles=[Role.FACTORY_HR])


def attached(plant, **kwargs):
    """Someone on the factory's roster (so HR sees them in its people list)."""
    return PersonFactory(factory=plant, **kwargs)


def role_holders(plant):
    uploader = attached(plant)
    uploader.groups.add(Group.objects.get_or_create(name="H5P uploaders")[0])
    with_permission = attached(plant)
    with_permission.user_permissions.add(Permission.objects.get(codename="add_person"))
    return {
        "union contact group": attached(plant, roles=[Role.UNION_CONTACT]),
        "another HR officer": attached(plant, roles=[Role.FACTORY_HR]),
        "trainer attached to the factory": attached(plant, roles=[Role.TRAINER]),
        "programme staff attached to the factory": attached(plant, roles=[Role.PROGRAMME_STAFF]),
        "H5P uploader": uploader,
        "person with a permission of their own": with_permission,
        "admin user": attached(plant, is_staff=True),
    }


@pytest.mark.parametrize("job", [JobRole.WORKER, JobRole.SUPERVISOR, JobRole.MANAGER])
def test_hr_prints_cards_for_its_workers_and_supervisors(client, plant, hr, job):
    """HR prints a login card for a worker or supervisor of its factory."""
    person = attached(plant, job_role=job)
    client.force_login(hr)
    assert client.post(CARDS, {"person": [person.pk]}, follow=True).status_code == 200
    assert ActivationCode.objects.filter(person=person).count() == 1


def test_hr_cannot_take_over_anyone_with_a_role(client, plant, hr):
    """For every kind of role holder on its roster, HR is refused a card and an unlock; no code is made."""
    client.force_login(hr)
    for label, person in role_holders(plant).items():
        person.locked_until = timezone.now() + timezone.timedelta(minutes=10)
        person.save()
        response = client.post(CARDS, {"person": [person.pk]}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 403, label
        assert "programme staff" in response.content.decode()
        assert client.post(f"/accounts/unlock/{person.pk}/").status_code == 403, label
        person.refresh_from_db()
        assert person.locked_until is not None, label
    assert not ActivationCode.objects.exists()


def test_a_role_holder_in_a_list_refuses_the_whole_list(client, plant, hr):
    """A list of ticked workers with one union member in it issues nothing at all."""
    workers = [attached(plant) for _n in range(3)]
    union = attached(plant, roles=[Role.UNION_CONTACT])
    client.force_login(hr)
    response = client.post(CARDS, {"person": [w.pk for w in workers] + [union.pk]})
    assert response.status_code == 403 and not ActivationCode.objects.exists()


def test_trainer_handles_workers_but_not_role_holders(client, plant):
    """Trainers see every factory and may print a worker's card, but not a union member's."""
    trainer = StaffFactory(roles=[Role.TRAINER])
    client.force_login(trainer)
    assert client.post(CARDS, {"person": [attached(plant).pk]}, follow=True).status_code == 200
    union = attached(plant, roles=[Role.UNION_CONTACT])
    assert client.post(CARDS, {"person": [union.pk]}).status_code == 403


def test_programme_staff_handle_role_holders_but_not_superusers(client, plant):
    """Programme staff print cards for union members, HR and trainers; a superuser's account is out of reach."""
    staff = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    client.force_login(staff)
    for label, person in role_holders(plant).items():
        assert client.post(CARDS, {"person": [person.pk]}, follow=True).status_code == 200, label
    root = attached(plant, is_superuser=True, is_staff=True)
    assert client.post(CARDS, {"person": [root.pk]}).status_code == 403
    assert not ActivationCode.objects.filter(person=root).exists()


def test_superuser_handles_everyone(plant):
    """A superuser may issue a card to anyone, another superuser included."""
    root = StaffFactory(is_superuser=True)
    other = attached(plant, is_superuser=True)
    assert user_can_manage_sign_in(root, other)


def test_service_refuses_whatever_the_view_does(plant, hr):
    """Calling the service directly for a union member raises NotAllowed: the rule is not only in a page."""
    union = attached(plant, roles=[Role.UNION_CONTACT])
    with pytest.raises(services.NotAllowed):
        services.activation_code_issue(person=union, issued_by=hr)
    with pytest.raises(services.NotAllowed):
        services.account_unlock(person=union, unlocked_by=hr)


def test_people_list_offers_no_card_for_role_holders(client, plant, hr):
    """HR's people list has no tick box for a union member, and the person page says who handles it."""
    union = attached(plant, roles=[Role.UNION_CONTACT], worker_id="U1")
    worker = attached(plant, worker_id="W1")
    client.force_login(hr)
    page = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'name="person" value="{worker.pk}"' in page
    assert f'name="person" value="{union.pk}"' not in page
    detail = client.get(f"/people/{union.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "programme staff handle" in detail and "login-cards" not in detail


@pytest.mark.parametrize("value", ["²", "¹⁹⁹⁴", "9" * 5000, "NaN", "1e999", "-1", "", "1.0", "99999999999999999999"])
def test_odd_person_numbers_get_a_plain_answer(client, plant, hr, value):
    """A card request with a number in an odd form answers 400 or 404 with a page, never an error."""
    client.force_login(hr)
    response = client.post(CARDS, {"person": [value]})
    assert response.status_code in (400, 404)
    assert not ActivationCode.objects.exists()


def test_too_many_people_in_one_card_request(client, plant, hr):
    """A request naming more people than a production line is refused before any work."""
    client.force_login(hr)
    response = client.post(CARDS, {"person": [str(n) for n in range(1, 2500)]})
    assert response.status_code == 400


def test_a_production_line_of_cards_takes_a_fixed_number_of_queries(plant, hr, django_assert_max_num_queries):
    """Printing cards for 60 workers checks and issues them in a few queries, not a few per worker."""
    workers = [attached(plant) for _n in range(60)]
    with django_assert_max_num_queries(12):
        issued = services.login_cards_issue(person_ids=[w.pk for w in workers], issued_by=hr)
    assert len(issued) == 60 and ActivationCode.objects.filter(voided_at__isnull=True).count() == 60
