"""The OAI-PMH endpoint (`/oai/`): reads the request's arguments, answers with oai.py's XML."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lantoa.library import oai

CONTENT_TYPE = "text/xml; charset=utf-8"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


# Harvesters POST without a CSRF token, and nothing here changes state. Never stored by the
# page cache: each answer carries its own responseDate and follows releases at once.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def oai_endpoint(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.content_type != FORM_CONTENT_TYPE:
            error = oai.OaiError(
                "badArgument",
                _("A POST request must send its arguments as application/x-www-form-urlencoded."),
            )
            return HttpResponse(oai.oai_error_document(error), content_type=CONTENT_TYPE)
        arguments = dict(request.POST.lists())
    else:
        arguments = dict(request.GET.lists())
    return HttpResponse(oai.oai_respond(arguments), content_type=CONTENT_TYPE)
