from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.api.urls import api
from lantoa.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Public media (image renditions, released files). A production deployment may serve
    # MEDIA_ROOT from its web server instead; the embedded default serves it here.
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
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
