from django.db import migrations

import lantoa.core.collation


def fill_collation_keys(apps, schema_editor):
    # The historical models carry the real CollationKeyField, so the shared helper finds the
    # key columns and their sources on them.
    for model_name in ("Unit", "Person", "ExternalOrganisation"):
        lantoa.core.collation.collation_keys_fill(apps.get_model("directory", model_name))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_unit_code_key")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="name_key",
            field=lantoa.core.collation.CollationKeyField(default=b"", source="name"),
        ),
        migrations.AddField(
            model_name="person",
            name="full_name_key",
            field=lantoa.core.collation.CollationKeyField(default=b"", source="full_name"),
        ),
        migrations.AddField(
            model_name="externalorganisation",
            name="name_key",
            field=lantoa.core.collation.CollationKeyField(default=b"", source="name"),
        ),
        migrations.RunPython(fill_collation_keys, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": ["sort_order", "name_key", "pk"],
                "permissions": [
                    ("view_all_units", "Can see the records of every unit"),
                    ("import_directory", "Can import units and people"),
                ],
                "verbose_name": "unit",
                "verbose_name_plural": "units",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["unit__sort_order", "full_name_key", "pk"],
                "verbose_name": "staff member",
                "verbose_name_plural": "staff members",
            },
        ),
        migrations.AlterModelOptions(
            name="externalorganisation",
            options={
                "ordering": ["name_key", "pk"],
                "verbose_name": "external organisation",
                "verbose_name_plural": "external organisations",
            },
        ),
    ]
