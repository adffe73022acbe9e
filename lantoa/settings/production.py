"""Production: base settings, hardened. Used by `make run`.

HTTPS-only cookies and HSTS are switched on by LANTOA_HTTPS=1 (behind a TLS proxy), so the
same settings also serve plain http://127.0.0.1:8000 on a workstation.
"""

from .base import *

DEBUG = False

if env_bool("LANTOA_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
