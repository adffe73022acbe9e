from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from lantoa.core.collation import collation_key_fields, collation_keys_fill, collation_version


class Command(BaseCommand):
    help = (
        "Recompute the stored Vietnamese sort keys of every model that has them (unit, staff "
        "and organisation names...). Run after an upgrade of ICU; `make setup` runs it. Only "
        "changed rows are written, so it is safe to run again."
    )

    def handle(self, *args, **options):
        lines = []
        with transaction.atomic():
            for model in apps.get_models():
                if collation_key_fields(model):
                    changed = collation_keys_fill(model)
                    lines.append(f"{model._meta.label}: {changed} updated")
        self.stdout.write(f"Sort keys ({collation_version()}): " + "; ".join(lines))
