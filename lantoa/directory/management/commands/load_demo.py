from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantoa.directory.demo import DEMO_PASSWORD, demo_load
from lantoa.directory.selectors import home_organisation


class Command(BaseCommand):
    help = (
        "Create demo accounts (one per role) and demo directory records, then print how to "
        "sign in. Runs only in demo mode (LANTOA_DEMO=1). Safe to run again."
    )

    def handle(self, *args, **options):
        if not settings.LANTOA_DEMO:
            raise CommandError("Demo data is only loaded in demo mode (LANTOA_DEMO=1).")
        organisation = home_organisation()
        if organisation is None:
            raise CommandError("Load the agency first: manage.py load_agency")
        accounts = demo_load(organisation=organisation)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Lan Tỏa — sign in at {base_url}/admin/")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<14} {account.role.group_name:<20} {account.unit_code}"
            )
        self.stdout.write("")
