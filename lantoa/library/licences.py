"""The licences an asset may carry, with what a reuser must be told.

Codes are SPDX identifiers where one exists, so harvesters read them without a table of ours.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC_4 = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


@dataclass(frozen=True)
class LicenceTerms:
    url: str
    requires_attribution: bool
    allows_reuse: bool


LICENCE_TERMS = {
    Licence.CC_BY_4: LicenceTerms("https://creativecommons.org/licenses/by/4.0/", True, True),
    Licence.CC_BY_SA_4: LicenceTerms("https://creativecommons.org/licenses/by-sa/4.0/", True, True),
    Licence.CC_BY_NC_4: LicenceTerms("https://creativecommons.org/licenses/by-nc/4.0/", True, True),
    Licence.CC0: LicenceTerms("https://creativecommons.org/publicdomain/zero/1.0/", False, True),
    Licence.PUBLIC_DOMAIN: LicenceTerms(
        "https://creativecommons.org/publicdomain/mark/1.0/", False, True
    ),
    Licence.ALL_RIGHTS_RESERVED: LicenceTerms("", True, False),
}


def licence_terms(code: str) -> LicenceTerms:
    return LICENCE_TERMS[Licence(code)]
