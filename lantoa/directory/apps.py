from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lantoa.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from lantoa.directory.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="directory.roles_sync")
