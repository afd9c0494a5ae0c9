"""Announcements: trainers and programme staff write to any factory, HR to its own only (the form
and the service both refuse another factory's people); the author sees whom it reaches and its SMS
size before sending, and after, who was reached how."""

import re

import pytest
from django import forms

from lms.messaging.audiences import AUDIENCE_KINDS, Audience, AudienceKind, active_people
from lms.messaging.choices import Audience as AudienceChoice
from lms.messaging.models import Broadcast, Message
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
KHMER_70 = "ក" * 70


@pytest.fixture
def plant(db):
    """Two factories, each with a Sewing department, workers with and without a mobile, and a union member."""
    own, other = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sewing, other_sewing = (
        DepartmentFactory(factory=own, name="Sewing"),
        DepartmentFactory(factory=other, name="Sewing"),
    )
    cutting = DepartmentFactory(factory=own, name="Cutting")
    people = {
        "hr": PersonFactory(factory=own, worker_id="HR", roles=[Role.FACTORY_HR], given_name_km="ធីតា"),
        "sewer": PersonFactory(factory=own, department=sewing, phone="+85512000001", preferred_language="en"),
        "cutter": PersonFactory(factory=own, department=cutting),
        "union": PersonFactory(factory=own, department=sewing, roles=[Role.UNION_CONTACT]),
        "other_worker": PersonFactory(factory=other, department=other_sewing, phone="+85512000002"),
        "other_union": PersonFactory(factory=other, roles=[Role.UNION_CONTACT]),
    }
    return {"own": own, "other": other, "sewing": sewing, "cutting": cutting, "other_sewing": other_sewing, **people}


@pytest.fixture
def programme(db):
    return StaffFactory(roles=[Role.PROGRAMME_STAFF])


def post(client, data, step="check"):
    return client.post("/messages/broadcast/", {**data, "step": step}, **EN)


def send(client, data):
    """Check, then send with the confirmation page's token, as a person would."""
    page = post(client, data).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)
    return post(client, {**data, "token": token}, step="send")


def recipients(broadcast=None):
    messages = Message.objects.filter(broadcast=broadcast) if broadcast else Message.objects.all()
    return set(messages.values_list("person_id", flat=True))


def test_hr_is_offered_its_own_factory_only(client, plant):
    """HR's factory menu holds its own factory and nothing else."""
    client.force_login(plant["hr"])
    page = client.get("/messages/broadcast/", **EN).content.decode()
    assert "PP-001" in page and "KD-002" not in page
    assert "Everyone at a factory" in page and "A department of a factory" in page and "union contact group" in page


def test_hr_sends_to_its_factory_and_sees_who_was_reached_how(client, plant):
    """HR checks (5 people, 1 SMS part), sends, and the announcement's page counts inbox and SMS."""
    client.force_login(plant["hr"])
    data = {"audience": "factory", "factory": plant["own"].pk, "text": "Fire drill at 9:00 tomorrow."}
    page = post(client, data).content.decode()
    assert "It will reach 4 people" in page and "Send to 4 people" in page
    assert not Broadcast.objects.exists()  # checking sends nothing
    response = send(client, data)
    broadcast = Broadcast.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/broadcast/{broadcast.pk}/"
    assert recipients(broadcast) == {plant[name].pk for name in ("hr", "sewer", "cutter", "union")}
    page = client.get(response["Location"], **EN).content.decode()
    assert "Reached 4 people" in page
    reached = page.split('class="facts card reached">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>In the Sala inbox</dt><dd>4</dd>" in reached and "<dt>By SMS</dt><dd>1</dd>" in reached
    assert broadcast.counts["inbox"] == 4 and broadcast.counts["sms"] == 1


def test_hr_cannot_send_to_another_factory(client, plant):
    """HR posting the other factory's id is told to choose a listed factory; nothing is sent."""
    client.force_login(plant["hr"])
    data = {"audience": "factory", "factory": plant["other"].pk, "text": "Hello"}
    responses = [post(client, {**data, "token": "0" * 32}, step=step) for step in ("check", "send")]
    assert not Broadcast.objects.exists() and not Message.objects.exists()
    for response in responses:
        assert response.status_code == 200
        assert "Choose one of the factories listed." in response.content.decode()


def test_hr_cannot_send_to_another_factorys_department(client, plant):
    """A department of another factory is refused, with or without its factory; nothing is sent."""
    client.force_login(plant["hr"])
    for factory in (plant["own"], plant["other"]):
        data = {"audience": "department", "factory": factory.pk, "department": plant["other_sewing"].pk, "text": "Hi"}
        response = post(client, {**data, "token": "0" * 32}, step="send")
        assert response.status_code == 200
        assert "Choose one of the departments listed" in response.content.decode()
    assert not Broadcast.objects.exists() and not Message.objects.exists()


def test_hr_sends_to_a_department(client, plant):
    """A department's announcement reaches its people only."""
    client.force_login(plant["hr"])
    send(client, {"audience": "department", "factory": plant["own"].pk, "department": plant["sewing"].pk, "text": "Hi"})
    assert recipients() == {plant["sewer"].pk, plant["union"].pk}


def test_programme_staff_choose_the_factory_then_its_department(client, plant, programme):
    """Without a department, the page asks for one and lists only the chosen factory's departments."""
    client.force_login(programme)
    page = post(client, {"audience": "department", "factory": plant["other"].pk, "text": "Hi"}).content.decode()
    assert "Choose a department." in page
    menu = page.split('name="department"', 1)[1].split("</select>", 1)[0]
    assert f'value="{plant["other_sewing"].pk}"' in menu and f'value="{plant["sewing"].pk}"' not in menu
    assert not Broadcast.objects.exists()


def test_union_group_of_hr_is_its_own_factorys(client, plant):
    """HR writing to the union contact group reaches the members of its own factory only."""
    client.force_login(plant["hr"])
    send(client, {"audience": "union", "factory": plant["own"].pk, "text": "Meeting at noon."})
    assert recipients() == {plant["union"].pk}


def test_union_group_of_programme_staff_is_every_factorys(client, plant, programme):
    """Programme staff leaving the factory empty reach the union contact group of every factory."""
    client.force_login(programme)
    page = post(client, {"audience": "union", "factory": "", "text": "Meeting at noon."}).content.decode()
    assert "The union contact group, every factory" in page and "It will reach 2 people" in page
    send(client, {"audience": "union", "factory": "", "text": "Meeting at noon."})
    assert recipients() == {plant["union"].pk, plant["other_union"].pk}


def test_trainer_writes_to_any_factory(client, plant):
    """A trainer (programme-wide) sends to the other factory."""
    trainer = StaffFactory(roles=[Role.TRAINER])
    client.force_login(trainer)
    send(client, {"audience": "factory", "factory": plant["other"].pk, "text": "Training on Monday."})
    assert recipients() == {plant["other_worker"].pk, plant["other_union"].pk}


@pytest.mark.parametrize(
    ("text", "parts"),
    [("ក" * 10, 1), (KHMER_70, 2), ("ក" * 120, 3), ("Short English text", 1)],
)
def test_confirmation_shows_the_sms_parts(client, plant, text, parts):
    """The confirmation counts the SMS each person gets, the author's name included (Khmer: 70, then 67 a part)."""
    client.force_login(plant["hr"])
    page = post(client, {"audience": "factory", "factory": plant["own"].pk, "text": text}).content.decode()
    assert f'<strong class="sms-parts">{parts}</strong>' in page


def test_form_counts_parts_while_typing(client, plant):
    """The form carries the counter, the author's name it adds, the GSM alphabet and its script."""
    client.force_login(plant["hr"])
    page = client.get("/messages/broadcast/", **EN).content.decode()
    assert 'data-sms-count="id_text"' in page and f'data-sms-before="{plant["hr"].display_name}: "' in page
    assert 'id="sms-alphabet"' in page and "messaging/js/sms-count.js" in page


def test_too_long_text_is_refused(client, plant):
    """An announcement over 500 characters is refused in plain words; nothing is sent."""
    client.force_login(plant["hr"])
    response = post(
        client, {"audience": "factory", "factory": plant["own"].pk, "text": "a" * 501, "token": "0" * 32}, "send"
    )
    assert "at most 500 characters" in response.content.decode()
    assert not Broadcast.objects.exists()


def test_the_same_confirmation_sent_twice_sends_once(client, plant):
    """A double tap on Send (the same confirmation page twice) gives one announcement."""
    client.force_login(plant["hr"])
    data = {"audience": "factory", "factory": plant["own"].pk, "text": "Once only."}
    page = post(client, data).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)
    first = post(client, {**data, "token": token}, step="send")
    second = post(client, {**data, "token": token}, step="send")
    assert Broadcast.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_nobody_in_the_group_sends_nothing(client, plant):
    """A factory with nobody in its union contact group: no send button, and sending anyway is refused."""
    empty = FactoryFactory(code="EM-001")
    programme = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    client.force_login(programme)
    data = {"audience": "union", "factory": empty.pk, "text": "Anyone?"}
    page = post(client, data).content.decode()
    assert "nobody to send it to" in page and 'value="send"' not in page
    page = post(client, {**data, "token": "1" * 32}, step="send").content.decode()
    assert "nobody to send it to" in page and not Broadcast.objects.exists()


def test_workers_and_union_members_cannot_broadcast(client, plant):
    """The page and an announcement's page are 404 for people who do not write announcements."""
    Broadcast.objects.create(author=plant["hr"], audience="factory", audience_label="x", factory=plant["own"], text="x")
    broadcast = Broadcast.objects.get()
    for person in (plant["sewer"], plant["union"]):
        client.force_login(person)
        assert client.get("/messages/broadcast/").status_code == 404
        assert post(client, {"audience": "factory", "factory": plant["own"].pk, "text": "x"}, "send").status_code == 404
        assert client.get(f"/messages/broadcast/{broadcast.pk}/").status_code == 404
    assert Broadcast.objects.count() == 1 and not Message.objects.exists()


def test_hr_sees_only_its_factorys_announcements(client, plant, programme):
    """HR of another factory gets 404 for an announcement to this one; programme staff see it."""
    client.force_login(programme)
    send(client, {"audience": "factory", "factory": plant["own"].pk, "text": "For PP-001."})
    broadcast = Broadcast.objects.get()
    other_hr = PersonFactory(factory=plant["other"], roles=[Role.FACTORY_HR])
    client.force_login(other_hr)
    assert client.get(f"/messages/broadcast/{broadcast.pk}/").status_code == 404
    assert "For PP-001." not in client.get("/messages/broadcast/", **EN).content.decode()
    client.force_login(plant["hr"])
    assert client.get(f"/messages/broadcast/{broadcast.pk}/").status_code == 200


class StandInSessionAudience(AudienceKind):
    """What the training sessions will register: the people booked on a session, chosen by its number."""

    name = AudienceChoice.SESSION
    label = "The people of a training session"
    order = 40

    def __init__(self, booked):
        self.booked = booked

    def form_fields(self, author, data):
        return {"session": forms.IntegerField(label="Session", required=False)}

    def audience(self, author, choices):
        return Audience(
            kind=self.name,
            label=f"Session {choices['session']}",
            factory=None,
            people=active_people().filter(pk__in=[person.pk for person in self.booked]),
        )


def test_another_app_adds_an_audience(client, plant, programme, monkeypatch):
    """A kind registered by another app (the training sessions) is offered with its own chooser and sends."""
    monkeypatch.setitem(
        AUDIENCE_KINDS, AudienceChoice.SESSION, StandInSessionAudience([plant["sewer"], plant["other_worker"]])
    )
    client.force_login(programme)
    page = client.get("/messages/broadcast/", **EN).content.decode()
    assert "The people of a training session" in page and 'name="session"' in page
    send(client, {"audience": "session", "session": "12", "text": "Session moved to 8:00."})
    broadcast = Broadcast.objects.get()
    assert broadcast.audience == "session" and broadcast.audience_label == "Session 12"
    assert recipients(broadcast) == {plant["sewer"].pk, plant["other_worker"].pk}


def test_start_page_leads_staff_to_announcements(client, plant, programme):
    """HR finds Send an announcement on its start page; programme staff also the delivery log; a worker neither."""
    client.force_login(plant["hr"])
    page = client.get("/", **EN).content.decode()
    assert 'href="/messages/broadcast/"' in page and 'href="/messages/log/"' not in page
    client.force_login(programme)
    page = client.get("/", **EN).content.decode()
    assert 'href="/messages/broadcast/"' in page and 'href="/messages/log/"' in page
    client.force_login(plant["sewer"])
    page = client.get("/", **EN).content.decode()
    assert "/messages/broadcast/" not in page and "/messages/log/" not in page
