from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lantoa.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from lantoa.core.demo import register_demo_loader
        from lantoa.plans.evidence import register_task_evidence
        from lantoa.plans.indicators import register_indicator
        from lantoa.portal.demo import portal_demo_load
        from lantoa.portal.evidence import articles_by_task
        from lantoa.portal.indicators import INDICATORS
        from lantoa.portal.report_outputs import articles_for_report
        from lantoa.portal.signals import connect_cache_purging
        from lantoa.portal.workflows import portal_workflow_ready
        from lantoa.reporting.outputs import OutputSource, register_report_output

        # Plan targets T1 and T3 measured from published articles; articles as task evidence.
        for indicator in INDICATORS:
            register_indicator(indicator)
        register_task_evidence(name="portal.articles", provider=articles_by_task)
        register_demo_loader(name="portal", order=30, load=portal_demo_load)
        # Units' published articles counted in their periodic reports.
        register_report_output(
            OutputSource(
                key="portal.articles",
                label=_("Articles and products published on the portal"),
                order=10,
                collect=articles_for_report,
            )
        )

        # Review workflow: recurring jobs (scheduled publishing, reminders), role permissions.
        portal_workflow_ready()
        connect_cache_purging()
