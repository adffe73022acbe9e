from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from lantoa.portal.setup import portal_setup


class Command(BaseCommand):
    help = (
        "Create the portal's pages (home, sections, about, links) from "
        "data/agencies/<agency>/portal.yaml. Safe to run again: existing pages are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", default=str(settings.BASE_DIR / "data/agencies/quang-ngai")
        )

    def handle(self, *args, folder: str, **options):
        home = portal_setup(folder=Path(folder))
        self.stdout.write(
            f"Portal home: {home.title} ({home.get_children().count()} sections/pages)"
        )
