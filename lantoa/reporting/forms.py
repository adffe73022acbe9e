"""Forms of the reporting screens. Each report form carries the revision it was opened at,
which the services compare before saving (see services.ReportConflict)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.text import nfc
from lantoa.directory.models import Unit
from lantoa.reporting.consolidated import CONSOLIDATED_FIELDS
from lantoa.reporting.models import (
    ConsolidatedReport,
    TaskRole,
    UnitReport,
    UnitReportAttachment,
)
from lantoa.reporting.services import NARRATIVE_FIELDS

TEXTAREA = {"rows": 5}


class UnitReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = UnitReport
        fields = list(NARRATIVE_FIELDS)
        widgets = {
            "results": forms.Textarea(attrs=TEXTAREA),
            "limitations": forms.Textarea(attrs=TEXTAREA),
            "proposals": forms.Textarea(attrs=TEXTAREA),
            "budget_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[self.section_field(section)] = forms.CharField(
                label=_("Activities carried out"),
                required=False,
                initial=section.activities,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision
        if "budget_used" in self.fields:
            self.fields["budget_used"].min_value = 0
            self.fields["budget_used"].widget.attrs["min"] = 0

    @staticmethod
    def section_field(section) -> str:
        return f"section_{section.pk}"

    def section_fields(self):
        return [(section, self[self.section_field(section)]) for section in self.sections]

    def lead_section_fields(self):
        return [pair for pair in self.section_fields() if pair[0].role == TaskRole.LEAD]

    def coordinated_section_fields(self):
        return [pair for pair in self.section_fields() if pair[0].role != TaskRole.LEAD]

    def coordinated_has_content(self) -> bool:
        """Open the coordinated tasks when one of them says something (or has an error)."""
        return any(
            (field.value() or "").strip() or field.errors
            for _section, field in self.coordinated_section_fields()
        )

    def clean_budget_used(self):
        value = self.cleaned_data.get("budget_used")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The budget used cannot be negative."))
        return value

    def narrative(self) -> dict:
        return {
            name: (nfc(value).strip() if isinstance(value, str) else value)
            for name, value in self.cleaned_data.items()
            if name in self.Meta.fields
        }

    def activities(self) -> dict[int, str]:
        return {
            section.pk: nfc(self.cleaned_data.get(self.section_field(section)) or "").strip()
            for section in self.sections
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments for the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the report."),
    )


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = UnitReportAttachment
        fields = ["title", "file"]

    def clean_file(self):
        from lantoa.reporting.attachments import attachment_check

        return attachment_check(self.cleaned_data["file"])


class ConsolidatedReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ConsolidatedReport
        fields = list(CONSOLIDATED_FIELDS)
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "overview": forms.Textarea(attrs=TEXTAREA),
            "results": forms.Textarea(attrs={"rows": 10}),
            "limitations": forms.Textarea(attrs=TEXTAREA),
            "next_tasks": forms.Textarea(attrs=TEXTAREA),
            "proposals": forms.Textarea(attrs=TEXTAREA),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision

    def clean_number(self):
        number = (self.cleaned_data.get("number") or "").strip()
        if number and (not number.isdigit() or int(number) < 1):
            raise forms.ValidationError(_("The number is a whole number from 1, e.g. 5 or 125."))
        return number

    def fields_data(self) -> dict:
        return {
            name: (nfc(value).strip() if isinstance(value, str) else value)
            for name, value in self.cleaned_data.items()
            if name in self.Meta.fields
        }


class AdHocRequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    request = forms.CharField(
        label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = forms.DateField(
        label=_("Covers from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Covers until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    unit_due_on = forms.DateField(
        label=_("Unit reports due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consolidated_due_on = forms.DateField(
        label=_("Consolidated report due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units asked"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units
        today = timezone.localdate()
        self.fields["starts_on"].initial = today.replace(month=1, day=1)
        self.fields["ends_on"].initial = today
