"""Who sees which sessions and whose places: drafts stay with their trainers, HR sees its own factory."""

from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.permissions import (
    registrations_visible_to,
    sessions_visible_to,
    user_can_manage_session,
    user_can_schedule,
)


def test_trainers_and_programme_staff_schedule_workers_do_not(trainer, programme_staff, hr_a, worker_a):
    """Only trainers and programme staff see the button to schedule a session."""
    assert user_can_schedule(trainer) and user_can_schedule(programme_staff)
    assert not user_can_schedule(hr_a) and not user_can_schedule(worker_a)


def test_a_draft_is_seen_by_its_trainer_and_staff_only(trainer, programme_staff, worker_a):
    """A draft session does not show to workers; its trainer and programme staff see it."""
    draft = SessionFactory(published_at=None, trainers=[trainer])
    assert draft in sessions_visible_to(trainer) and draft in sessions_visible_to(programme_staff)
    assert draft not in sessions_visible_to(worker_a)


def test_another_trainer_does_not_run_someone_elses_session(session, trainer):
    """A trainer runs the sessions they train, not a colleague's."""
    colleague = StaffFactory(roles=[Role.TRAINER])
    assert user_can_manage_session(trainer, session) and not user_can_manage_session(colleague, session)


def test_hr_of_factory_a_sees_none_of_factory_b_on_a_session(session, hr_a, workers_a, workers_b, trainer):
    """On a session's list, HR of factory A sees its own workers and nobody of factory B."""
    for worker in workers_a + workers_b:
        RegistrationFactory(session=session, person=worker)
    seen = set(registrations_visible_to(hr_a, session).values_list("person_id", flat=True))
    assert seen == {w.pk for w in workers_a}
    assert registrations_visible_to(trainer, session).count() == 6


def test_a_worker_sees_only_their_own_place(session, workers_a):
    """A worker looking at the list of a session sees their own place only."""
    for worker in workers_a:
        RegistrationFactory(session=session, person=worker)
    assert list(registrations_visible_to(workers_a[0], session).values_list("person_id", flat=True)) == [
        workers_a[0].pk
    ]
