"""The repository's admin furniture. Each part keeps its hooks in its own module, imported here
so that Wagtail registers them."""

from lantoa.library import (
    admin_views,  # noqa: F401 (assets, works, release, consent)
    bulk_import_views,  # noqa: F401 (bulk import from a ZIP archive and a manifest)
    upload_views,  # noqa: F401 (the upload screen, resumable uploads)
)
