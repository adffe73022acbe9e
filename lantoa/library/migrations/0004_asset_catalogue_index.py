"""An index in the public catalogue's order (released assets, newest first): the catalogue's
pages walk it instead of sorting every released asset (bench/library_search.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0003_file_lookup_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="asset",
            index=models.Index(fields=["status", "created_on"], name="library_asset_catalogue_idx"),
        ),
    ]
