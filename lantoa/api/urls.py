"""The system's JSON API at /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

Each app keeps its endpoints in its own `api.py` as a ninja Router; they are mounted here.
Public endpoints return only public data; staff endpoints need a token or a session.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from lantoa.directory.api import router as directory_router
from lantoa.library.api import router as library_router
from lantoa.plans.api import router as plans_router

api = NinjaAPI(
    title="Lan Tỏa API",
    version="1",
    description=(
        "Public data of the Resolution 57 communication programme, and staff access with a "
        "bearer token. Dates are ISO 8601 in the Asia/Ho_Chi_Minh time zone."
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have permission.")}, status=403
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": exc.message_dict}, status=422)


api.add_router("/", directory_router)
api.add_router("/", plans_router)
api.add_router("/", library_router)
