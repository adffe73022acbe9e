"""Background jobs of periodic reporting, run by the worker (`manage.py run_worker`)."""

from django_tasks import task


@task()
def send_reminders() -> int:
    """E-mail the units whose report is due soon or overdue (recurring, hourly; each reminder
    goes once)."""
    from lantoa.reporting.reminders import reminders_send

    return reminders_send()
