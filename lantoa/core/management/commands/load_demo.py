from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lantoa.core.demo import demo_loaders


class Command(BaseCommand):
    help = (
        "Load the demo data of every app (accounts, one per role; directory records; plan "
        "progress...) and print how to sign in. Runs only in demo mode (LANTOA_DEMO=1). "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        if not settings.LANTOA_DEMO:
            raise CommandError("Demo data is only loaded in demo mode (LANTOA_DEMO=1).")
        lines = []
        with transaction.atomic():
            for loader in demo_loaders():
                lines += loader.load()
        self.stdout.write("\n".join(["", *lines, ""]))
