from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lantoa.plans"
    label = "plans"
    verbose_name = _("Plans and targets")

    def ready(self) -> None:
        from datetime import timedelta

        from lantoa.core.demo import register_demo_loader
        from lantoa.core.scheduling import register_recurring_job
        from lantoa.directory.roles import role_grant
        from lantoa.plans.demo import plans_demo_load
        from lantoa.plans.tasks import snapshot_indicators

        register_recurring_job(
            name="plans.snapshot_indicators", task=snapshot_indicators, every=timedelta(hours=6)
        )
        register_demo_loader(name="plans", order=20, load=plans_demo_load)
        plan_read = ("plans.view_plan", "plans.view_target", "plans.view_taskprogress")
        role_grant("leader", *plan_read, "plans.view_measurement")
        role_grant(
            "lead_division",
            *plan_read,
            "plans.view_measurement",
            "plans.add_measurement",
            "plans.record_measurement",
            "plans.add_taskprogress",
        )
        role_grant("unit_staff", *plan_read, "plans.add_taskprogress")
        role_grant("office", *plan_read)
        role_grant(
            "system_admin",
            *plan_read,
            "plans.view_measurement",
            "plans.add_measurement",
            "plans.record_measurement",
        )
