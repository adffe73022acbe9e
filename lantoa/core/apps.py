from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lantoa.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from datetime import timedelta

        from lantoa.core.admin_labels import sites_listing_labels_install
        from lantoa.core.scheduling import register_recurring_job
        from lantoa.core.slugs import slug_widget_install
        from lantoa.core.tasks import prune_task_results

        slug_widget_install()
        sites_listing_labels_install()
        register_recurring_job(
            name="core.prune_task_results", task=prune_task_results, every=timedelta(days=1)
        )
