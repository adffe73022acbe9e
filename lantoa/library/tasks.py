"""Background jobs of the repository, run by the worker (`manage.py run_worker`)."""

from django_tasks import task


@task()
def asset_process(asset_id: int) -> None:
    """Renditions, poster frame, durations, page count and text of a newly ingested asset
    (queued by `asset_ingest` when its transaction commits)."""
    from lantoa.library.derivatives import asset_derivatives_make

    asset_derivatives_make(asset_id=asset_id)


@task()
def upload_sessions_prune() -> int:
    """Delete resumable uploads left idle for a day, and their temporary files (recurring,
    registered in LibraryConfig.ready())."""
    from lantoa.library.uploads import upload_sessions_prune_idle

    return upload_sessions_prune_idle()


@task()
def catalogue_facets_warm() -> None:
    """Compute the catalogue's filter choices in every language right after public content
    changed (queued by the services that release or withdraw), before a visitor asks."""
    from django.conf import settings
    from django.utils import translation

    from lantoa.library.selectors import catalogue_facets_cached

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            catalogue_facets_cached()
