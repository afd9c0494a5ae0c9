from django.core.management.base import BaseCommand, CommandError

from lms.shell.health import cache_status, database_status, task_queue_status


class Command(BaseCommand):
    help = "Check that the database, the cache and a Celery worker answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for a worker.")

    def handle(self, *args, timeout, **options):
        statuses = [database_status(), cache_status(), task_queue_status(timeout=timeout)]
        for status in statuses:
            style = self.style.SUCCESS if status.ok else self.style.ERROR
            self.stdout.write(style(f"{'ok  ' if status.ok else 'FAIL'} {status.name}: {status.detail}"))
        failed = [status.name for status in statuses if not status.ok]
        if failed:
            raise CommandError(f"Not answering: {', '.join(failed)}")
