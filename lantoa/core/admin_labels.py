"""Labels Wagtail builds from field names instead of translated text, given their translated
verbose names: the Sites listing's "Port", "Site name" and "Root page" columns are made as
capfirst(name) in English whatever the admin's language (wagtail/sites/views.py)."""

from django.utils.functional import lazy
from django.utils.text import capfirst


def _field_label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


field_label = lazy(_field_label, str)


def sites_listing_labels_install() -> None:
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = field_label(Site, column.name)
