import unicodedata

from django.db import migrations, models


def fill_code_key(apps, schema_editor):
    Unit = apps.get_model("directory", "Unit")
    for unit in Unit.objects.all():
        unit.code_key = unicodedata.normalize("NFC", unit.code).strip().casefold()
        unit.save(update_fields=["code_key"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(
            model_name="unit", name="directory_unit_code_unique_per_organisation"
        ),
        migrations.AddField(
            model_name="unit",
            name="code_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=30),
            preserve_default=False,
        ),
        migrations.RunPython(fill_code_key, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                fields=("organisation", "code_key"),
                name="directory_unit_code_unique_per_organisation",
                violation_error_message="This agency already has a unit with this code.",
            ),
        ),
    ]
