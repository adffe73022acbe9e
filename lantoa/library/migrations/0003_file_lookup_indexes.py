"""Indexes on the file columns of Wagtail's images, renditions and media, so the media view
finds in one indexed query whether a requested file belongs to an unreleased asset
(lantoa/library/protection.py). The tables belong to Wagtail and wagtailmedia, which do not
index these columns; the SQL is the same on SQLite and PostgreSQL."""

from django.db import migrations

INDEXES = [
    ("library_image_file_idx", "wagtailimages_image", "file"),
    ("library_rendition_file_idx", "wagtailimages_rendition", "file"),
    ("library_media_file_idx", "wagtailmedia_media", "file"),
    ("library_media_thumb_idx", "wagtailmedia_media", "thumbnail"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_uploads"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, column in INDEXES
    ]
