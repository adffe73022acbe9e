"""Write a report to a file, for scheduled or scripted use:

python manage.py report_export --period 2026-2 --consolidated --format docx --output r.docx
python manage.py report_export --period 2026-1 --unit TTCĐS --format pdf --output ttcds.pdf
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantoa.core.official_documents import DocumentConversionFailed
from lantoa.directory.models import Unit
from lantoa.plans.models import Plan
from lantoa.plans.selectors import plan_default
from lantoa.reporting import documents
from lantoa.reporting.calendar import half_year_code
from lantoa.reporting.models import ConsolidatedReport, ReportingPeriod, UnitReport


class Command(BaseCommand):
    help = "Export a unit's report or the consolidated report of a period as DOCX, PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="year-half, e.g. 2026-2, or a code")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--consolidated", action="store_true")
        which.add_argument("--unit", help="the unit's code, e.g. TTCĐS")
        parser.add_argument("--format", choices=documents.FORMATS, required=True)
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")
        parser.add_argument("--plan", help="plan code (default: the plan in force)")

    def handle(self, *args, **options):
        period = self._period(options["period"], options.get("plan"))
        file_format = options["format"]
        try:
            if options["consolidated"]:
                report = ConsolidatedReport.objects.filter(period=period).first()
                if report is None:
                    raise CommandError(f"No consolidated report for {period.code} yet.")
                data = documents.consolidated_file(report, file_format)
            else:
                unit = (
                    Unit.objects.filter(organisation=period.plan.organisation)
                    .by_code(options["unit"])
                    .first()
                )
                if unit is None:
                    raise CommandError(f"No unit with the code {options['unit']!r}.")
                report = UnitReport.objects.filter(period=period, unit=unit).first()
                if report is None:
                    raise CommandError(f"{unit.code} has no report for {period.code} yet.")
                data = documents.unit_report_file(report, file_format)
        except DocumentConversionFailed as error:
            raise CommandError(str(error)) from error
        if options["output"] == "-":
            sys.stdout.buffer.write(data)
            return
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {options['output']} ({len(data):,} bytes)")

    def _period(self, value: str, plan_code: str | None) -> ReportingPeriod:
        plan = Plan.objects.filter(code=plan_code).first() if plan_code else plan_default()
        if plan is None:
            raise CommandError("No plan loaded.")
        code = value
        parts = value.split("-")
        if len(parts) == 2 and all(part.isdigit() for part in parts):
            code = half_year_code(int(parts[0]), int(parts[1]))
        period = ReportingPeriod.objects.filter(plan=plan, code=code).first()
        if period is None:
            raise CommandError(f"No reporting period {value!r} in plan {plan.code}.")
        return period
