"""The demo worker's welcome message: in their Sala inbox, in their language (Khmer), and by SMS to
their phone, which the console backend of development prints with its part count."""

from django.conf import settings

from lms.messaging.models import Message
from lms.messaging.services import notify
from lms.people.models import Person


def demo_welcome_send(worker: Person) -> Message:
    """Welcome the demo worker, once (its key is "welcome": seeding again sends nothing more).

    The SMS is queued when the transaction commits; between 21:00 and 06:30 it waits until morning.
    """
    return notify(
        person=worker,
        kind="welcome",
        key="welcome",
        # Sala's public address, as Wagtail's links use it (BASE_URL in the environment).
        context={"name": worker.get_short_name(), "url": settings.WAGTAILADMIN_BASE_URL},
    )
