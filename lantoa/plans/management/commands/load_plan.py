from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantoa.plans.loading import PlanDataError, plan_load


class Command(BaseCommand):
    help = (
        "Load or revise a plan from its YAML data file (default: every plan-*.yaml in "
        "data/agencies/quang-ngai). Validates the whole file first; on any error prints "
        "file:line: reason and changes nothing. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="plan data files")

    def handle(self, *args, files: list[str], **options):
        paths = [Path(name) for name in files] or sorted(
            (settings.BASE_DIR / "data" / "agencies" / "quang-ngai").glob("plan-*.yaml")
        )
        if not paths:
            raise CommandError("No plan data file given or found.")
        for path in paths:
            try:
                result = plan_load(path=path)
            except PlanDataError as error:
                raise CommandError(str(error)) from error
            if result.created:
                state = "loaded"
            elif result.revised:
                state = f"revised (revision {result.revision.number})"
            else:
                state = "unchanged"
            self.stdout.write(
                f"{result.plan.number_and_symbol}: {state} — {result.nodes} items, "
                f"{result.tasks} tasks, {result.targets} targets."
            )
