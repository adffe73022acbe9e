from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "lantoa.library"
    label = "library"
    verbose_name = _("Resource repository")

    def ready(self) -> None:
        from datetime import timedelta

        from lantoa.core.demo import register_demo_loader
        from lantoa.core.media import register_media_guard
        from lantoa.core.scheduling import register_recurring_job
        from lantoa.directory.roles import role_grant
        from lantoa.library.demo import library_demo_load
        from lantoa.library.protection import GUARDED_PREFIXES, asset_file_access
        from lantoa.library.report_outputs import assets_for_report
        from lantoa.library.signals import signals_connect
        from lantoa.library.tasks import upload_sessions_prune
        from lantoa.reporting.outputs import OutputSource, register_report_output

        register_demo_loader(name="library", order=40, load=library_demo_load)
        register_recurring_job(
            name="library.upload_sessions_prune",
            task=upload_sessions_prune,
            every=timedelta(hours=1),
        )
        signals_connect()
        register_report_output(
            OutputSource(
                key="library.assets",
                label=_("Communication resources released to the repository"),
                order=20,
                collect=assets_for_report,
            )
        )
        register_media_guard(
            name="library.assets", prefixes=GUARDED_PREFIXES, guard=asset_file_access
        )
        _connect_topic_indexing()
        # Unit staff work on their own unit's assets (scoped through source_unit); editors,
        # the lead division and leaders see every unit's assets and release them.
        works = ("library.add_work", "library.change_work", "library.view_work")
        role_grant("unit_staff", "library.add_asset", "library.change_asset", "library.view_asset")
        role_grant("unit_staff", *works)
        for code in ("editor", "lead_division", "leader"):
            role_grant(code, "library.view_asset", "library.change_asset", "library.release_asset")
            role_grant(code, *works)
        role_grant(
            "system_admin",
            "library.add_asset",
            "library.change_asset",
            "library.delete_asset",
            "library.view_asset",
            "library.release_asset",
            *works,
            "library.delete_work",
        )


def _connect_topic_indexing() -> None:
    # An asset's search text holds its topics, saved after the asset's row (see services).
    from django.db.models.signals import m2m_changed

    from lantoa.library.models import Asset
    from lantoa.library.services import asset_topics_changed

    m2m_changed.connect(
        asset_topics_changed, sender=Asset.topics.through, dispatch_uid="library_topics_index"
    )
