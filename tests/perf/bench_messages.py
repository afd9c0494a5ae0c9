"""Message delivery benchmark: how many SMS one worker process hands to a gateway per second.

    make bench                                   # throwaway SQLite database
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sala_bench make bench

The gateway is a real HTTP server on 127.0.0.1 (tests/messaging/sms_fake.py) reached through
`HttpGatewayBackend`, one POST per message. The deliveries are written first (BENCH_MESSAGES
workers, one welcome message each); then one process runs the delivery task for each, in a loop
(`delivery_send_task.apply`, Celery's own in-process execution: the claim, the budget, the
gateway call and the writes a worker does, without the broker's round trip). Passes: a gateway
answering at once, and one taking 50 ms an answer as a real one over the Internet does. Every
message must reach the gateway exactly once (exit 1 otherwise).
"""

import os
import sys
import time

from benchdb import bench_database

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "2000"))


def write_messages(count: int, key: str) -> list[int]:
    from lms.messaging.choices import Channel
    from lms.messaging.kinds import KINDS, render
    from lms.messaging.models import Delivery, Message
    from lms.messaging.sms import sms_parts
    from lms.people.factories import FactoryFactory, PersonFactory
    from lms.people.models import Person

    factory = FactoryFactory(code=f"BENCH-{key}")
    people = Person.objects.bulk_create(
        PersonFactory.build(factory=factory, phone=f"+8551{key}{n:06d}", worker_id=f"B{n:06d}") for n in range(count)
    )
    kind = KINDS["welcome"]
    messages = Message.objects.bulk_create(
        Message(person=person, kind="welcome", key="welcome", language=language, text=text)
        for person in people
        for language, text in [
            render(kind, person.preferred_language, {"name": person.given_name_km, "url": "https://sala.example.org/"})
        ]
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(message=message, channel=Channel.SMS, address=message.person.phone, parts=sms_parts(message.text))
        for message in messages
    )
    return [delivery.pk for delivery in deliveries]


def run_pass(label: str, count: int, key: str, delay: float) -> bool:
    from django.conf import settings

    from lms.messaging.choices import DeliveryStatus
    from lms.messaging.models import Delivery
    from lms.messaging.tasks import delivery_send_task
    from tests.messaging.sms_fake import FakeSmsGateway

    ids = write_messages(count, key)
    gateway = FakeSmsGateway(delay=delay).start()
    settings.SALA_SMS_URL = gateway.url
    try:
        started = time.perf_counter()
        for delivery_id in ids:
            delivery_send_task.apply(args=(delivery_id,))
        seconds = time.perf_counter() - started
    finally:
        gateway.stop()
    references = gateway.references()
    sent = Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENT).count()
    once = sorted(references) == sorted(str(pk) for pk in ids) and sent == count
    print(
        f"  {label:38} {count:6,} messages in {seconds:6.2f} s  {count / seconds:8,.0f} messages/s  "
        f"({'each arrived once' if once else f'WRONG: {len(references)} arrived, {sent} marked sent'})"
    )
    return once


def main():
    with bench_database():
        from django.conf import settings
        from django.db import connection

        settings.SALA_SMS_BACKEND = "lms.messaging.sms.HttpGatewayBackend"
        settings.SALA_SMS_USERNAME = "bench"
        settings.SALA_SMS_PASSWORD = "bench"
        # The bench measures sending, whatever the hour it runs at.
        settings.SALA_QUIET_HOURS = None
        print(
            f"Message delivery on {connection.vendor}: one process running the delivery task in a loop, "
            "to a fake HTTP SMS gateway on 127.0.0.1"
        )
        ok = run_pass("gateway answering at once", MESSAGES, "0", 0.0)
        ok &= run_pass("gateway answering in 50 ms", max(MESSAGES // 8, 50), "1", 0.05)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
