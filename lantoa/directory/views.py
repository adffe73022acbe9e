"""Admin views for the directory: unit scoping for staff records, through the selectors, and
listings whose name columns sort in Vietnamese order."""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic

from lantoa.core.collation import CollatedOrderingMixin
from lantoa.directory.selectors import people_for_user
from lantoa.directory.services import person_save


class PersonScopedMixin:
    """Every view of a staff record sees only the records the user may reach."""

    def get_base_queryset(self):
        # The listing; IndexView then orders, filters and searches it (overriding
        # get_queryset instead would skip the search box and the filters).
        return people_for_user(user=self.request.user)

    def get_object(self, queryset=None):
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk")) or getattr(self, "pk", None)
        return get_object_or_404(people_for_user(user=self.request.user), pk=unquote(str(pk)))


class PersonObjectScopedMixin:
    """For views that list something else about one record (log entries, references):
    only the record they are about is scoped, their own listing is left alone."""

    def get_base_object_queryset(self):
        return people_for_user(user=self.request.user)


class CollatedIndexView(CollatedOrderingMixin, generic.IndexView):
    """A listing whose name column, clicked, sorts by the stored Vietnamese key."""


class PersonIndexView(PersonScopedMixin, CollatedIndexView):
    pass


class PersonInspectView(PersonScopedMixin, generic.InspectView):
    pass


class PersonCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        return person_save(actor=self.request.user, person=instance)


class PersonEditView(PersonScopedMixin, generic.EditView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        return person_save(actor=self.request.user, person=instance)


class PersonDeleteView(PersonScopedMixin, generic.DeleteView):
    pass


class PersonHistoryView(PersonObjectScopedMixin, generic.HistoryView):
    pass


class PersonUsageView(PersonObjectScopedMixin, generic.UsageView):
    pass
