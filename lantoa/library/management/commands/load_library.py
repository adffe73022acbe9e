from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantoa.directory.selectors import home_organisation
from lantoa.library.setup import LibraryDataError, default_agency_folder, library_setup


class Command(BaseCommand):
    help = (
        "Create the resource repository's collections (one per unit and per topic) and its "
        "audience groups from data/agencies/<agency>/library.yaml. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(default_agency_folder()))

    def handle(self, *args, folder: str, **options):
        organisation = home_organisation()
        if organisation is None:
            raise CommandError("Load the agency first (manage.py load_agency).")
        try:
            result = library_setup(organisation=organisation, folder=Path(folder))
        except LibraryDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.root.name}: {len(result.collections_created)} collections and "
            f"{len(result.audiences_created)} audiences created."
        )
