from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.directory.imports import (
    ImportFileRejected,
    ImportKind,
    ImportRejected,
    directory_import_commit,
    directory_import_parse,
)


class Command(BaseCommand):
    help = (
        "Import units or staff members from an XLSX or CSV file, all or nothing. Prints every "
        "row error (line, column, reason) and exits with status 1 if there is any; with "
        "--dry-run only checks the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("file", help="path of the .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(path)s: file not found") % {"path": path})
        try:
            with path.open("rb") as handle:
                preview = directory_import_parse(kind=kind, uploaded_file=File(handle, path.name))
        except ImportFileRejected as error:
            raise CommandError(f"{path}: {error.message}") from error

        if preview.ignored_headers:
            self.stderr.write(
                _("%(path)s: these columns are ignored: %(columns)s")
                % {"path": path, "columns": ", ".join(preview.ignored_headers)}
            )
        if not preview.is_valid:
            self._fail(path, preview.all_errors)
        if dry_run:
            self.stdout.write(
                _(
                    "%(path)s: the file is valid: %(created)s to create, %(updated)s to update. "
                    "Nothing saved (--dry-run)."
                )
                % {"path": path, "created": preview.create_count, "updated": preview.update_count}
            )
            return
        try:
            result = directory_import_commit(actor=None, preview=preview)
        except ImportRejected as rejected:
            self._fail(path, rejected.errors)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(path)s: %(created)s created, %(updated)s updated.")
                % {"path": path, "created": result.created, "updated": result.updated}
            )
        )

    def _fail(self, path: Path, errors) -> None:
        for error in errors:
            self.stderr.write(f"{path}: {error}")
        raise CommandError(
            _("%(path)s: %(count)s errors; nothing was imported.")
            % {"path": path, "count": len(errors)}
        )
