from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.core.spreadsheets import ImportFileRejected
from lantoa.directory.models import Unit
from lantoa.library.bulk_import import (
    PackageRefused,
    bulk_import_check,
    bulk_import_run,
    manifest_read,
    package_open_folder,
    package_open_zip,
)


class Command(BaseCommand):
    help = (
        "Import files into the resource repository from a folder on the server or a ZIP "
        "archive, each described by a row of a manifest (XLSX or CSV; see the bulk import "
        "screen's template). Every row is checked first; each valid row is then imported in "
        "its own transaction (a refused row leaves nothing). Prints one line per row and exits "
        "with status 1 if any row was refused. With --dry-run only checks."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--folder", help="folder holding the files (read in place)")
        source.add_argument("--zip", dest="zip_path", help="ZIP archive holding the files")
        parser.add_argument(
            "--manifest",
            help="the .xlsx or .csv manifest (default: manifest.xlsx or manifest.csv at the top "
            "of the folder or archive)",
        )
        parser.add_argument("--unit", required=True, help="code of the unit the files come from")
        parser.add_argument(
            "--user", required=True, help="username of the member of staff who imports"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the manifest and report; import nothing"
        )

    def handle(self, *args, folder, zip_path, manifest, unit, user, dry_run, **options):
        importer = get_user_model().objects.filter(username=user).first()
        if importer is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": user})
        target = Unit.objects.by_code(unit).first()
        if target is None:
            raise CommandError(_("There is no unit with the code “%(code)s”.") % {"code": unit})
        if zip_path and not Path(zip_path).is_file():
            raise CommandError(_("%(path)s: file not found") % {"path": zip_path})
        try:
            package = package_open_folder(Path(folder)) if folder else package_open_zip(zip_path)
        except PackageRefused as refusal:
            raise CommandError(f"{folder or zip_path}: {refusal.message}") from refusal
        with package:
            try:
                table = self._manifest(package, manifest)
                if dry_run:
                    self._check(importer, target, table, package)
                else:
                    self._run(importer, target, table, package)
            except ImportFileRejected as problem:
                raise CommandError(problem.message) from problem
            except PermissionDenied as denied:
                raise CommandError(str(denied)) from denied

    def _manifest(self, package, manifest):
        if not manifest:
            return manifest_read(package=package)
        path = Path(manifest)
        if not path.is_file():
            raise CommandError(_("%(path)s: file not found") % {"path": path})
        with path.open("rb") as handle:
            return manifest_read(package=package, manifest_file=File(handle, path.name))

    def _check(self, user, unit, table, package) -> None:
        preview = bulk_import_check(user=user, unit=unit, table=table, package=package)
        self._manifest_errors(preview.errors)
        for row in preview.rows:
            file = row.values.get("file", "")
            if row.errors:
                for error in row.errors:
                    self.stdout.write(
                        _("Line %(line)s — %(file)s: %(column)s: %(reason)s")
                        % {
                            "line": row.line,
                            "file": file,
                            "column": error.column,
                            "reason": error.message,
                        }
                    )
            else:
                self.stdout.write(
                    _("Line %(line)s — %(file)s: ready") % {"line": row.line, "file": file}
                )
        self.stdout.write(
            _("%(ready)s rows ready, %(refused)s with errors. Nothing imported (--dry-run).")
            % {"ready": preview.ready_count, "refused": preview.error_count}
        )
        if preview.error_count:
            raise CommandError(
                _("%(count)s rows would be refused.") % {"count": preview.error_count},
                returncode=1,
            )

    def _run(self, user, unit, table, package) -> None:
        report = bulk_import_run(user=user, unit=unit, table=table, package=package)
        self._manifest_errors(report.errors)
        for row in report.rows:
            if row.is_imported:
                self.stdout.write(
                    _("Line %(line)s — %(file)s: imported as “%(title)s” (asset %(id)s)")
                    % {"line": row.line, "file": row.file, "title": row.title, "id": row.asset_id}
                )
            else:
                self.stdout.write(
                    _("Line %(line)s — %(file)s: refused: %(reason)s")
                    % {"line": row.line, "file": row.file, "reason": row.reason}
                )
        self.stdout.write(
            _("%(imported)s imported, %(refused)s refused.")
            % {"imported": report.imported_count, "refused": report.refused_count}
        )
        if report.refused_count:
            raise CommandError(
                _("%(count)s rows were refused.") % {"count": report.refused_count},
                returncode=1,
            )

    def _manifest_errors(self, errors) -> None:
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(_("The manifest cannot be used as it is; nothing was imported."))
