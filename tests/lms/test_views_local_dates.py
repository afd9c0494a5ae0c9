"""Early-morning work in Phnom Penh is dated the day it happened there, not the UTC day before."""

import datetime

from lms.accounts.models import ActivationCode
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

# 05:30 on 15 March in Phnom Penh (UTC+7) is 22:30 on 14 March in UTC.
EARLY_MORNING = datetime.datetime(2026, 3, 14, 22, 30, tzinfo=datetime.UTC)


def card_issued_early(db):
    factory = FactoryFactory()
    hr = PersonFactory(factory=factory, worker_id="HR-1", roles=[Role.FACTORY_HR])
    worker = PersonFactory(factory=factory, worker_id="W-1")
    code = ActivationCode.objects.create(
        person=worker,
        issued_by=hr,
        code_hash="x",
        issued_at=EARLY_MORNING,
        expires_at=EARLY_MORNING + datetime.timedelta(days=3650),
    )
    return hr, worker, code


def test_a_card_printed_at_half_past_five_reads_as_printed_that_morning(client, db):
    """HR printing cards at 05:30 reads on the worker's page that the card was issued that day, 15 March."""
    hr, worker, _code = card_issued_early(db)
    client.force_login(hr)

    page = client.get(f"/people/{worker.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "A login card issued on 15 Mar 2026 has not been used yet." in page


def test_the_admin_names_an_early_card_by_its_local_day(db):
    """Wherever the admin lists a login card, it names the day it was issued in Phnom Penh."""
    _hr, _worker, code = card_issued_early(db)

    assert str(code).endswith("issued 2026-03-15")
