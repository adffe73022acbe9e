"""Forms of the repository's admin screens: the catalogue record, release and withdrawal,
consent records; and the public catalogue's filters."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Collection

from lantoa.directory.models import Unit
from lantoa.library.models import AssetKind, Audience, Consent
from lantoa.library.selectors import (
    CatalogueFacets,
    CatalogueFilters,
    collections_for_user,
    units_for_assets,
)

CONSENT_FORM_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
CONSENT_FORM_MAX_BYTES = 10 * 1024 * 1024


class AssetForm(WagtailAdminModelForm):
    """An asset's catalogue record. The source unit and collection lists hold only what the
    signed-in user may file under: unit staff their own unit, its collection and the topic
    collections; those who see every unit, everything in the repository."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "source_unit" in self.fields:
            units = units_for_assets(user=for_user)
            current = self.instance.source_unit_id
            if current is not None and not units.filter(pk=current).exists():
                # Another unit's asset is never offered to unit staff (it is not found); a
                # unit made inactive since stays selectable for whoever sees every unit.
                units = Unit.objects.filter(pk__in=units.values("pk")) | Unit.objects.filter(
                    pk=current
                )
            field = self.fields["source_unit"]
            field.queryset = units
            field.error_messages["invalid_choice"] = _("Choose your own unit.")
        if "collection" in self.fields:
            collections = collections_for_user(user=for_user)
            current = self.instance.collection_id
            if current is not None and not collections.filter(pk=current).exists():
                collections = Collection.objects.filter(
                    pk__in=[*collections.values_list("pk", flat=True), current]
                ).order_by("path")
            field = self.fields["collection"]
            field.queryset = collections
            field.label_from_instance = _collection_label
            field.error_messages["invalid_choice"] = _(
                "Choose your unit's collection or a topic collection."
            )
        if "audiences" in self.fields:
            self.fields["audiences"].widget = forms.CheckboxSelectMultiple()
            self.fields["audiences"].queryset = Audience.objects.all()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and self.instance.pk and kind not in _kinds_for_file(self.instance):
            self.add_error(
                "kind",
                _("This type does not suit the file: choose one of %(kinds)s.")
                % {
                    "kinds": ", ".join(
                        str(AssetKind(value).label) for value in _kinds_for_file(self.instance)
                    )
                },
            )
        return cleaned


def _kinds_for_file(asset) -> list[str]:
    """The types an asset's file can be catalogued as (the file itself is never changed here)."""
    if asset.image_id:
        return [AssetKind.IMAGE, AssetKind.INFOGRAPHIC]
    if asset.media_id:
        return [AssetKind.AUDIO] if asset.media.type == "audio" else [AssetKind.VIDEO]
    if asset.document_id:
        return [AssetKind.DOCUMENT, AssetKind.PUBLICATION]
    return list(AssetKind.values)


def _collection_label(collection: Collection) -> str:
    # Indented under the repository's own collection (depth 2).
    return "— " * max(collection.depth - 3, 0) + collection.name


class ReleaseForm(forms.Form):
    acknowledge_consent = forms.BooleanField(
        label=_("I have checked these consent problems and release the asset anyway."),
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Kept in the asset's history."),
    )


class ConsentForm(forms.ModelForm):
    """A person's consent to appear in an asset, with the signed form kept in private storage."""

    class Meta:
        model = Consent
        fields = ["person_name", "scope", "given_on", "expires_on", "evidence"]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "given_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "expires_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }
        help_texts = {
            "evidence": _(
                "PDF, JPEG or PNG, at most 10 MB. Only staff who may see the asset can download it."
            ),
            "expires_on": _("Leave empty if the consent does not expire."),
        }

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "size"):
            FileExtensionValidator(CONSENT_FORM_EXTENSIONS)(evidence)
            if evidence.size > CONSENT_FORM_MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)s.")
                    % {"size": filesizeformat(CONSENT_FORM_MAX_BYTES)}
                )
        return evidence

    def clean(self):
        cleaned = super().clean()
        given_on, expires_on = cleaned.get("given_on"), cleaned.get("expires_on")
        if given_on and expires_on and expires_on < given_on:
            self.add_error("expires_on", _("The consent cannot expire before it was given."))
        return cleaned


class CatalogueForm(forms.Form):
    """The public catalogue's search and filters. Never rejects the query (the search cleans
    it); a filter that does not validate is reported on its field and left out."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, facets: CatalogueFacets, **kwargs):
        super().__init__(*args, **kwargs)
        # The lists offer the values that find something among released assets.
        offered = {
            "kind": (_("All types"), facets.kinds),
            "topic": (_("All topics"), facets.topics),
            "audience": (_("Everyone"), facets.audiences),
            "language": (_("All languages"), facets.languages),
            "licence": (_("All licences"), facets.licences),
            "unit": (_("All units"), facets.units),
            "year": (_("All years"), facets.years),
        }
        for name, (empty, choices) in offered.items():
            self.fields[name].choices = [
                ("", empty),
                *[(choice.value, choice.label) for choice in choices],
            ]

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        unit = data.get("unit") or ""
        year = data.get("year") or ""
        return CatalogueFilters(
            kind=data.get("kind") or None,
            topic=data.get("topic") or None,
            audience=data.get("audience") or None,
            language=data.get("language") or None,
            licence=data.get("licence") or None,
            unit=int(unit) if unit.isdigit() else None,
            year=int(year) if year.isdigit() else None,
        )
