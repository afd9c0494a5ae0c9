"""manage.py sync_roles: write lms/access/roles.py into the database (migrate does it too)."""

from django.core.management.base import BaseCommand

from lms.access.services import roles_sync


class Command(BaseCommand):
    help = "Give every access-role group exactly the permissions declared in lms/access/roles.py."

    def handle(self, *args, **options):
        roles_sync()
        self.stdout.write("Access roles are as declared in lms/access/roles.py.")
