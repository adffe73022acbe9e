"""Admin forms of the portal's pages."""

from wagtail.admin.forms.pages import WagtailAdminPageForm

from lantoa.directory.models import Unit
from lantoa.directory.selectors import units_for_user, user_unit


class ArticlePageForm(WagtailAdminPageForm):
    """The authoring unit (what target T3 counts) starts as the author's own unit, and a unit's
    staff can name only their own unit; leaders, the lead division and editors name any."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("authoring_unit")
        if field is None or self.for_user is None:
            return
        choices = units_for_user(user=self.for_user)
        current = self.instance.authoring_unit_id
        if current is not None:  # kept selectable for whoever edits the page later
            choices = Unit.objects.filter(pk__in=choices.values("pk")) | Unit.objects.filter(
                pk=current
            )
        field.queryset = choices
        if self.instance.pk is None and current is None:
            own_unit = user_unit(self.for_user)
            if own_unit is not None:
                self.initial["authoring_unit"] = own_unit.pk
