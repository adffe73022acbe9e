from django.urls import path

from lantoa.portal import search_views

urlpatterns = [path("tim-kiem/", search_views.search, name="portal_search")]
