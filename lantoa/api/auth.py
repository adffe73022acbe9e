from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

# Staff endpoints accept a bearer token (systems; tokens are managed in the admin under
# Settings → API tokens, or with `manage.py api_tokens create`) or the admin session.
staff_auth = [BearerTokenAuth(), django_auth]
