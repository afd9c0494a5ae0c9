"""manage.py demo_logins: where Sala runs and how to sign in with the demo accounts."""

from django.core.management.base import BaseCommand

from lms.demo.accounts import demo_accounts_exist, demo_logins_lines


class Command(BaseCommand):
    help = "Print the address of the development server and the demo sign-ins (see seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Address to show (default http://127.0.0.1:8000/)."
        )

    def handle(self, *args, url, **options):
        self.stdout.write(f"Sala is starting at {url}")
        if not demo_accounts_exist():
            self.stdout.write("No demo accounts yet: run `manage.py seed_demo` to create them.")
            return
        self.stdout.write("")
        self.stdout.write("Demo sign-ins:")
        for line in demo_logins_lines():
            self.stdout.write(line)
