"""The OAI-PMH endpoint, outside the language prefixes: `/oai/` (and `/oai`, so a POST to the
base URL without its slash is answered rather than redirected and lost)."""

from django.urls import path

from lantoa.library import oai_views

urlpatterns = [
    path("oai/", oai_views.oai_endpoint, name="library_oai"),
    path("oai", oai_views.oai_endpoint),
]
