from django.conf import settings
from django.core.management import call_command
from django_tasks import task


@task()
def prune_task_results() -> None:
    """Delete finished task results older than a week, so the queue table stays small."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command("prune_db_task_results", min_age_days=7, verbosity=0)
