"""The catalogue fields shared by every file of one upload (the upload screen's form)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from lantoa.directory.models import Unit
from lantoa.directory.selectors import units_for_user, user_unit
from lantoa.library.licences import Licence
from lantoa.library.models import AssetKind, content_language_choices
from lantoa.library.selectors import collections_for_user


class UploadDefaultsForm(forms.Form):
    source_unit = forms.ModelChoiceField(
        label=_("Source unit"), queryset=Unit.objects.none(), empty_label=None
    )
    collection = forms.ModelChoiceField(
        label=_("Collection"),
        queryset=Collection.objects.none(),
        required=False,
        empty_label=_("The unit's own collection"),
    )
    licence = forms.ChoiceField(
        label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY_4
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=content_language_choices, initial="vi"
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Decide from each file's content")), *AssetKind.choices],
        required=False,
        help_text=_(
            "Only for a type the content cannot tell: an infographic (an image) or a publication "
            "(a document)."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for_user(user=user).order_by("name_key")
        self.fields["source_unit"].queryset = units
        own = user_unit(user)
        if own is not None:
            self.fields["source_unit"].initial = own.pk
        self.fields["collection"].queryset = collections_for_user(user=user)

    def asset_fields(self) -> dict:
        """The cleaned values as asset_ingest takes them."""
        data = self.cleaned_data
        return {
            "source_unit": data["source_unit"],
            "collection": data["collection"],
            "licence": data["licence"],
            "language": data["language"],
            "kind": data["kind"] or None,
        }
