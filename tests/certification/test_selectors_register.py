"""The register, its export and a person's certificates read the database a fixed number of times,
however many certificates a factory holds, so a 5,000-worker factory's pages stay quick."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.factories import CertificateFactory, completion_make
from certification.selectors import (
    person_certificates,
    register_certificates,
    register_columns,
    register_counts,
    register_rows,
)
from lms.people.factories import PersonFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def certificates_for(factory, course, number):
    for _ in range(number):
        CertificateFactory(completion=completion_make(person=PersonFactory(factory=factory), course=course))


def queries_of_the_register(client, user, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/certificates/register/", params, **EN).status_code == 200
    return len(queries)


def test_the_register_page_reads_the_same_number_of_times_for_2_or_12_certificates(
    client, hr_a, factory_a, fire_course
):
    """Ten more certificates add no query to the register page."""
    client.force_login(hr_a)
    certificates_for(factory_a, fire_course, 2)
    queries_of_the_register(client, hr_a)  # the first page of a session sets up what later ones reuse
    few = queries_of_the_register(client, hr_a, state="valid")
    certificates_for(factory_a, fire_course, 10)
    assert queries_of_the_register(client, hr_a, state="valid") == few


def test_a_page_of_rows_is_one_query(hr_a, factory_a, fire_course, django_assert_num_queries):
    """The rows of a page come from one query of the shown columns."""
    certificates_for(factory_a, fire_course, 5)
    today = timezone.localdate()
    certificates = register_certificates(user=hr_a, factory=factory_a)
    with django_assert_num_queries(1):
        rows = register_rows(certificates, register_columns(today=today), offset=0, limit=200)
    assert len(rows) == 5 and rows[0]["state"] == "valid"


def test_the_counts_are_one_query(hr_a, factory_a, fire_course, django_assert_num_queries):
    """The counts per state are one query."""
    certificates_for(factory_a, fire_course, 3)
    certificates = register_certificates(user=hr_a, factory=factory_a)
    with django_assert_num_queries(1):
        counts = register_counts(certificates, today=timezone.localdate())
    assert (counts.total, counts.valid, counts.expiring, counts.expired, counts.revoked) == (3, 3, 0, 0, 0)


def test_a_factory_hr_may_not_read_reads_nothing(hr_b, factory_a, fire_course):
    """HR of factory B asking the selector for factory A's register gets no certificate."""
    certificates_for(factory_a, fire_course, 2)
    assert not register_certificates(user=hr_b, factory=factory_a).exists()


def test_a_persons_certificates_are_two_queries_at_most(worker_a, fire_course, django_assert_max_num_queries):
    """A person's list of certificates is read in one query, and one more for titles in Khmer."""
    for cycle in (1, 2, 3):
        CertificateFactory(
            completion=completion_make(
                person=worker_a,
                course=fire_course,
                cycle=cycle,
                completed_at=timezone.now() - datetime.timedelta(days=10 * cycle),
            )
        )
    with django_assert_max_num_queries(2):
        held = person_certificates(person=worker_a, viewer=worker_a)
    assert len(held) == 3
    assert held[0].issued_on > held[1].issued_on > held[2].issued_on
