"""The public catalogue of released assets, mounted under the language prefix at /tai-nguyen/."""

from django.urls import path

from lantoa.library import views

urlpatterns = [
    path("tai-nguyen/", views.catalogue, name="library_catalogue"),
    path("tai-nguyen/<uuid:identifier>/", views.asset_detail, name="library_asset"),
    path(
        "tai-nguyen/<uuid:identifier>/tai-ve/",
        views.asset_download,
        name="library_asset_download",
    ),
    path("tai-nguyen/<uuid:identifier>/nhung/", views.asset_embed, name="library_asset_embed"),
]
