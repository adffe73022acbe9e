from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.api.urls import api
from lantoa.core import views as core_views
from lantoa.core.media import media_serve

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Media (image renditions, released files), through the apps' guards: a repository
    # asset's files stay private until it is released (lantoa/core/media.py).
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media_serve, name="media"),
]

# Public pages: Vietnamese at /, other languages under their prefix (/en/, /hre/ …).
urlpatterns += [
    path("", include("lantoa.portal.feed_urls")),
    path("", include("lantoa.portal.previews")),
    path("", include("lantoa.library.oai_urls")),
]

urlpatterns += i18n_patterns(
    path("ke-hoach/", include("lantoa.plans.urls")),
    path("", include("lantoa.portal.search_urls")),
    path("", include("lantoa.library.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
