"""The six roles of Lan Tỏa, kept as Wagtail groups.

`roles_sync()` creates each group and sets its model permissions; it runs after every
`migrate`, so a fresh database always has the roles and a new release can widen them.
Permissions an administrator adds to a group by hand are kept; only the listed ones are ensured.
Later apps add their permissions to a role with `role_grant(...)` from their own AppConfig.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _


@dataclass
class Role:
    code: str
    group_name: str
    description: str
    permissions: set[str] = field(default_factory=set)
    # Wagtail collection permissions (images and documents) granted on the root collection.
    collection_permissions: set[str] = field(default_factory=set)


ADMIN_ACCESS = "wagtailadmin.access_admin"
DIRECTORY_READ = {
    "directory.view_unit",
    "directory.view_organisation",
    "directory.view_externalorganisation",
}

LEADER = Role(
    code="leader",
    group_name="Lãnh đạo Sở",
    description=_("Department leaders: read everything, approve."),
    permissions={
        ADMIN_ACCESS,
        *DIRECTORY_READ,
        "directory.view_person",
        "directory.view_all_units",
    },
)
LEAD_DIVISION = Role(
    code="lead_division",
    group_name="Phòng chủ trì QLKH",
    description=_("The lead division: monitors every unit and consolidates."),
    permissions={
        ADMIN_ACCESS,
        *DIRECTORY_READ,
        "directory.view_person",
        "directory.view_all_units",
        "directory.add_externalorganisation",
        "directory.change_externalorganisation",
    },
)
UNIT_STAFF = Role(
    code="unit_staff",
    group_name="Cán bộ đơn vị",
    description=_("Staff of an implementing unit: work on their own unit's records."),
    permissions={
        ADMIN_ACCESS,
        *DIRECTORY_READ,
        "directory.view_person",
        "directory.add_person",
        "directory.change_person",
    },
)
EDITOR = Role(
    code="editor",
    group_name="Biên tập viên",
    description=_("Editors: content, images and documents."),
    permissions={ADMIN_ACCESS},
    collection_permissions={
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
)
OFFICE = Role(
    code="office",
    group_name="Văn phòng",
    description=_("The Office: budget estimates and spending."),
    permissions={ADMIN_ACCESS, *DIRECTORY_READ},
)
SYSTEM_ADMIN = Role(
    code="system_admin",
    group_name="Quản trị hệ thống",
    description=_("System administrators: users, roles, units and settings."),
    permissions={
        ADMIN_ACCESS,
        *DIRECTORY_READ,
        "directory.view_all_units",
        "directory.import_directory",
        "directory.add_organisation",
        "directory.change_organisation",
        "directory.add_unit",
        "directory.change_unit",
        "directory.delete_unit",
        "directory.view_person",
        "directory.add_person",
        "directory.change_person",
        "directory.delete_person",
        "directory.add_externalorganisation",
        "directory.change_externalorganisation",
        "directory.delete_externalorganisation",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_group",
        "auth.add_group",
        "auth.change_group",
        "wagtailcore.view_apitoken",
        "wagtailcore.add_apitoken",
        "wagtailcore.change_apitoken",
        "wagtailcore.delete_apitoken",
    },
)

ROLES: list[Role] = [LEADER, LEAD_DIVISION, UNIT_STAFF, EDITOR, OFFICE, SYSTEM_ADMIN]


def role_get(code: str) -> Role:
    for role in ROLES:
        if role.code == code:
            return role
    raise KeyError(code)


def role_grant(code: str, *permissions: str) -> None:
    """Let a later app add its permissions to a role (call from AppConfig.ready)."""
    role_get(code).permissions.update(permissions)


def _permissions(names: set[str]) -> list[Permission]:
    found = []
    for name in sorted(names):
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def roles_sync() -> list[Group]:
    """Create or update the role groups; idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission

    groups = []
    root_collection = Collection.get_first_root_node()
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.add(*_permissions(role.permissions))
        if root_collection is not None:
            for permission in _permissions(role.collection_permissions):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        groups.append(group)
    return groups


def roles_sync_after_migrate(sender, **kwargs) -> None:
    # Run once per migrate, for the last app that has models: by then every app's
    # permissions and Wagtail's root collection exist.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        roles_sync()


def user_role_codes(user) -> set[str]:
    names = set(user.groups.values_list("name", flat=True))
    return {role.code for role in ROLES if role.group_name in names}
