"""Background jobs of the portal, run by the worker on the schedule set in
`lantoa.portal.workflows.portal_workflow_ready`."""

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish the pages and snippets whose go-live time has come and unpublish those whose
    expiry time has passed (Wagtail's `publish_scheduled`, run by the worker: no cron)."""
    call_command("publish_scheduled", verbosity=0)


@task()
def send_review_reminders() -> int:
    """E-mail the holders of overdue review steps, once per step a day."""
    from lantoa.portal.workflows import review_reminders_send

    return review_reminders_send()
