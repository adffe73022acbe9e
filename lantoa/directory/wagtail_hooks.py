from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from lantoa.directory import import_views, views
from lantoa.directory.forms import PersonForm
from lantoa.directory.imports import user_can_import
from lantoa.directory.models import ExternalOrganisation, Organisation, Person, Unit


def _yes_no(model, field_name: str) -> BooleanColumn:
    """A yes/no listing column (an icon, not "True"/"False") labelled with the field's name."""
    field = model._meta.get_field(field_name)
    return BooleanColumn(field_name, label=capfirst(field.verbose_name), sort_key=field_name)


class OrganisationViewSet(ModelViewSet):
    url_prefix = "directory/agencies"
    model = Organisation
    icon = "site"
    menu_label = _("Agencies")
    copy_view_enabled = False
    list_display = ["name", "short_name", "document_symbol", _yes_no(Organisation, "is_home")]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("name"),
                FieldPanel("name_en"),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("document_symbol")]),
                FieldPanel("superior_body"),
                FieldPanel("place_name"),
                FieldPanel("is_home"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [FieldPanel("functions"), FieldPanel("functions_en")],
            heading=_("Functions and duties"),
        ),
    ]


class UnitViewSet(ModelViewSet):
    url_prefix = "directory/units"
    model = Unit
    icon = "group"
    menu_label = _("Units")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = views.CollatedIndexView
    list_display = [
        "code",
        "name",
        "kind",
        _yes_no(Unit, "has_communication_duty"),
        _yes_no(Unit, "is_active"),
    ]
    list_filter = ["kind", "has_communication_duty", "is_active"]
    search_fields = ["code", "name", "name_en"]
    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel(
            [
                FieldPanel("has_communication_duty"),
                FieldPanel("is_active"),
                FieldPanel("sort_order"),
            ]
        ),
    ]


class PersonViewSet(ModelViewSet):
    url_prefix = "directory/staff"
    model = Person
    icon = "user"
    menu_label = _("Staff")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "full_name",
        "unit",
        "position",
        _yes_no(Person, "is_leader"),
        _yes_no(Person, "is_communication_staff"),
    ]
    list_filter = ["unit", "is_leader", "is_communication_staff", "is_active"]
    search_fields = ["full_name", "position", "email"]
    index_view_class = views.PersonIndexView
    inspect_view_class = views.PersonInspectView
    add_view_class = views.PersonCreateView
    edit_view_class = views.PersonEditView
    delete_view_class = views.PersonDeleteView
    history_view_class = views.PersonHistoryView
    usage_view_class = views.PersonUsageView
    panels = [
        FieldPanel("unit"),
        FieldPanel("full_name"),
        FieldPanel("position"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel(
            [FieldPanel("is_leader"), FieldPanel("is_communication_staff"), FieldPanel("is_active")]
        ),
        FieldPanel("user", permission="auth.change_user"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=PersonForm).bind_to_model(self.model)


class ExternalOrganisationViewSet(ModelViewSet):
    url_prefix = "directory/organisations"
    model = ExternalOrganisation
    icon = "link"
    menu_label = _("External organisations")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = views.CollatedIndexView
    list_display = ["name", "short_name", "kind", "phone", "email"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "notes"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("website"),
        FieldPanel("notes"),
        FieldPanel("is_active"),
        InlinePanel("contacts", heading=_("Contacts"), label=_("Contact")),
    ]


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_name = "directory"
    menu_icon = "group"
    menu_order = 200
    items = (UnitViewSet, PersonViewSet, ExternalOrganisationViewSet, OrganisationViewSet)
    # Lets screens that are not viewsets (the import) add their item to this group.
    submenu_hook = "register_directory_menu_item"


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


class DirectoryImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import(request.user)


@hooks.register("register_directory_menu_item")
def register_directory_import_menu_item():
    return DirectoryImportMenuItem(
        import_views.MENU_LABEL,
        reverse("directory_import:form"),
        name="directory-import",
        icon_name="upload",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_directory_import_urls():
    return [
        path(
            "directory/import/",
            include((import_views.urlpatterns, "directory_import"), namespace="directory_import"),
        )
    ]
