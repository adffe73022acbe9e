from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "lantoa.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")

    def ready(self) -> None:
        from datetime import timedelta

        from lantoa.core.demo import register_demo_loader
        from lantoa.core.scheduling import register_recurring_job
        from lantoa.directory.roles import role_grant
        from lantoa.reporting.demo import reporting_demo_load
        from lantoa.reporting.tasks import send_reminders

        register_recurring_job(
            name="reporting.send_reminders", task=send_reminders, every=timedelta(hours=1)
        )
        register_demo_loader(name="reporting", order=60, load=reporting_demo_load)
        read = ("reporting.view_reportingperiod", "reporting.view_unitreport")
        # Units write their own report (scoped in selectors); the lead division reviews,
        # consolidates and sends ad-hoc requests; leaders read everything.
        write = "reporting.change_unitreport"
        role_grant("unit_staff", *read, write)
        role_grant("office", *read, write)
        role_grant(
            "lead_division",
            *read,
            write,
            "reporting.add_reportingperiod",
            "reporting.review_unitreport",
            "reporting.view_consolidatedreport",
            "reporting.change_consolidatedreport",
            "reporting.consolidate_reports",
        )
        role_grant("leader", *read, "reporting.view_consolidatedreport")
        role_grant(
            "system_admin",
            *read,
            "reporting.add_reportingperiod",
            "reporting.view_consolidatedreport",
        )
