"""The public search page at /tim-kiem/: a GET form, the ranked results, pagination.

Whatever the query string holds, the page answers 200: the query is cleaned by the search
service, and a filter that does not validate is reported on its field and left out.
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from lantoa.portal.models import ArticleKind, SectionPage
from lantoa.portal.search import portal_search, query_clean

# Dates outside these years are typing mistakes, and would overflow time-zone arithmetic.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.TextInput):
    """dd/mm/yyyy as Vietnamese write dates (a browser date picker would show the ISO form in
    some browsers and lose the format hint)."""

    def __init__(self):
        super().__init__(
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        )


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=_("dd/mm/yyyy"),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )


class SearchForm(forms.Form):
    # The query is cleaned by the search service, never rejected: no max_length, and the view
    # hands the form the cleaned text (Django's CharField would refuse a NUL byte).
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    section = forms.ChoiceField(label=_("Section"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ArticleKind.choices]
    )
    date_from = _date_field(_("Published from"))
    date_to = _date_field(_("Published until"))

    def __init__(self, *args, sections: list[SectionPage], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {str(section.pk): section for section in sections}
        top = min((section.depth for section in sections), default=0)
        self.fields["section"].choices = [
            ("", _("All sections")),
            *[
                (key, "— " * (section.depth - top) + section.title)
                for key, section in self.sections.items()
            ],
        ]

    def filters(self) -> dict:
        """The filters that validated; an invalid one is left out (its error is shown)."""
        data = self.cleaned_data if self.is_bound else {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return {
            "section": self.sections.get(data.get("section") or ""),
            "kind": data.get("kind") or None,
            "date_from": date_from,
            "date_to": date_to,
        }


def search(request):
    locale = Locale.get_active()
    # The language is picked here, not in SQL: given both, SQLite reads every page in the
    # language (an index on the locale) instead of the few sections (an index on the type).
    sections = [
        section
        for section in SectionPage.objects.type(SectionPage).live().public().order_by("path")
        if section.locale_id == locale.pk
    ]
    data = request.GET.copy()
    clean = query_clean(data.get("q"))
    data["q"] = clean.text
    form = SearchForm(data, sections=sections)
    form.is_valid()
    filters = form.filters()
    results = portal_search(
        query=clean.text, locale=locale, page=request.GET.get("page"), **filters
    )
    return TemplateResponse(
        request,
        "portal/search.html",
        {"form": form, "query": clean, "results": results, "filters": filters},
    )
