from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lantoa.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from lantoa.core.demo import register_demo_loader
        from lantoa.directory.demo import directory_demo_load
        from lantoa.directory.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="directory.roles_sync")
        register_demo_loader(name="directory", order=10, load=directory_demo_load)
