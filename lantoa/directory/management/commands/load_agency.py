from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantoa.directory.services import AgencyDataError, agency_load


class Command(BaseCommand):
    help = (
        "Load the agency and its units from a data folder (default: data/agencies/quang-ngai). "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(settings.BASE_DIR / "data" / "agencies" / "quang-ngai"),
        )

    def handle(self, *args, folder: str, **options):
        try:
            result = agency_load(folder=Path(folder))
        except AgencyDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.organisation}: {result.units_created} units created, "
            f"{result.units_updated} updated."
        )
