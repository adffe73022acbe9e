from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa.directory.selectors import units_for_user


class PersonForm(WagtailAdminModelForm):
    """Staff form: the unit list holds only the units the signed-in user may file under."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "unit" in self.fields:
            self.fields["unit"].queryset = units_for_user(user=for_user)
            self.fields["unit"].error_messages["invalid_choice"] = _(
                "Choose one of your own units."
            )
