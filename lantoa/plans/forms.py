from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.directory.selectors import units_for_user, user_unit
from lantoa.plans.indicators import indicator_get
from lantoa.plans.models import PlanNode, ProgressStatus, Target
from lantoa.plans.selectors import plan_targets, tasks_for_user


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanNode) -> str:
        text = obj.text or obj.title
        return f"{obj.path} — {text[:110]}{'…' if len(text) > 110 else ''}"


class TaskProgressForm(forms.Form):
    """A unit's progress on one task, with up to three links and one file as evidence."""

    task = TaskChoiceField(label=_("Task"), queryset=PlanNode.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Activities, outputs and figures in the period."),
    )
    link_title_1 = forms.CharField(label=_("Evidence 1: title"), required=False, max_length=255)
    link_url_1 = forms.URLField(
        assume_scheme="https", label=_("Evidence 1: link"), required=False, max_length=500
    )
    link_title_2 = forms.CharField(label=_("Evidence 2: title"), required=False, max_length=255)
    link_url_2 = forms.URLField(
        assume_scheme="https", label=_("Evidence 2: link"), required=False, max_length=500
    )
    link_title_3 = forms.CharField(label=_("Evidence 3: title"), required=False, max_length=255)
    link_url_3 = forms.URLField(
        assume_scheme="https", label=_("Evidence 3: link"), required=False, max_length=500
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks_for_user(user=user, plan=plan)
        self.fields["task"].error_messages["invalid_choice"] = _(
            "Choose one of the tasks your unit leads or coordinates."
        )
        self.fields["unit"].queryset = units_for_user(user=user)
        self.fields["unit"].error_messages["invalid_choice"] = _("Choose your own unit.")
        own = user_unit(user)
        if own is not None:
            self.fields["unit"].initial = own.pk

    def clean(self):
        cleaned = super().clean()
        for index in (1, 2, 3):
            if cleaned.get(f"link_title_{index}") and not cleaned.get(f"link_url_{index}"):
                self.add_error(f"link_url_{index}", _("Give the link for this title."))
        return cleaned

    def evidence_links(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"link_title_{index}", ""),
                self.cleaned_data[f"link_url_{index}"],
            )
            for index in (1, 2, 3)
            if self.cleaned_data.get(f"link_url_{index}")
        ]


class TargetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Target) -> str:
        return f"{obj.code} ({obj.year}) — {obj.text[:100]}"


class MeasurementForm(forms.Form):
    target = TargetChoiceField(label=_("Target"), queryset=Target.objects.none())
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=12,
        decimal_places=2,
        help_text=_("A percentage as a number from 0 to 100; for yes/no enter 1 or 0."),
    )
    measured_on = forms.DateField(label=_("Measured on"))
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    evidence_url = forms.URLField(
        assume_scheme="https", label=_("Evidence link"), required=False, max_length=500
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        manual = [t.pk for t in plan_targets(plan=plan) if indicator_get(t.indicator_key) is None]
        self.fields["target"].queryset = plan_targets(plan=plan).filter(pk__in=manual)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("evidence_file") and not cleaned.get("evidence_url"):
            raise forms.ValidationError(_("Attach the evidence: a file or a link."))
        return cleaned
