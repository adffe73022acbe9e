from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lantoa.core.collation import CollationKeyField
from lantoa.core.models import TimeStampedModel
from lantoa.core.text import nfc


class Organisation(TimeStampedModel):
    """The agency that runs a plan (the Department), with what its official documents need.

    Edited in the admin under Danh bạ → Cơ quan; loaded from data/agencies/<agency>/ by
    `load_agency`.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    superior_body = models.CharField(
        _("superior body"),
        max_length=255,
        blank=True,
        help_text=_("Printed above the agency's name in documents, e.g. UBND TỈNH QUẢNG NGÃI."),
    )
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=50,
        blank=True,
        help_text=_('The agency part of document numbers, e.g. "SKHCN" in 2725/KH-SKHCN.'),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_('Used in the date line of documents, e.g. "Quảng Ngãi".'),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    functions = models.TextField(_("functions and duties"), blank=True)
    functions_en = models.TextField(_("functions and duties in English"), blank=True)
    is_home = models.BooleanField(
        _("home agency"),
        default=False,
        help_text=_("The agency this installation serves. Only one can be the home agency."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=models.Q(is_home=True),
                name="directory_single_home_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    DIVISION = "division", _("Division")
    CENTRE = "centre", _("Centre")
    OFFICE = "office", _("Office")
    SUB_DEPARTMENT = "sub_department", _("Sub-department")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    OTHER = "other", _("Other")


def unit_code_key(code: str) -> str:
    """How unit codes are compared: NFC, trimmed, case-folded; diacritics kept (TTCĐS ≠ TTCDS)."""
    return nfc(code).strip().casefold()


class UnitQuerySet(models.QuerySet):
    def by_code(self, code: str):
        return self.filter(code_key=unit_code_key(code))

    def active(self):
        return self.filter(is_active=True)

    def with_communication_duty(self):
        return self.filter(has_communication_duty=True)


class Unit(TimeStampedModel):
    """A division, centre or office of the agency. Edited in the admin under Danh bạ → Đơn vị."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("agency")
    )
    code = models.CharField(
        _("short name"),
        max_length=30,
        help_text=_("Short code used across the system, e.g. QLKH."),
    )
    # The code case-folded in Python: SQLite's lower() leaves Đ/đ alone, so uniqueness and
    # look-ups ignoring case go through this column on every database.
    code_key = models.CharField(max_length=30, editable=False, db_index=True)
    name = models.CharField(_("full name"), max_length=255)
    # Lists read in Vietnamese alphabetical order (Đ after D, not after Z): see core.collation.
    name_key = CollationKeyField(source="name")
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    has_communication_duty = models.BooleanField(
        _("has a communication duty"),
        default=False,
        help_text=_("Counted by the plan targets about the agency's communication bodies."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code_key"],
                name="directory_unit_code_unique_per_organisation",
                violation_error_message=_("This agency already has a unit with this code."),
            )
        ]
        permissions = [
            ("view_all_units", _("Can see the records of every unit")),
            ("import_directory", _("Can import units and people")),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.code_key = unit_code_key(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        # Set before validate_constraints() runs, so a duplicate code is reported on the form.
        self.code_key = unit_code_key(self.code or "")


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def communication_staff(self):
        return self.filter(is_communication_staff=True)


class Person(TimeStampedModel):
    """A member of staff of one unit. Edited in the admin under Danh bạ → Cán bộ."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    full_name_key = CollationKeyField(source="full_name")
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_leader = models.BooleanField(_("leader"), default=False)
    is_communication_staff = models.BooleanField(_("communication staff"), default=False)
    is_active = models.BooleanField(_("currently working"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
        help_text=_("The account this person signs in with; it decides which unit they work for."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["unit__sort_order", "full_name_key", "pk"]

    def __str__(self) -> str:
        return self.full_name


class ExternalOrganisationKind(models.TextChoices):
    PRESS = "press", _("Press agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    COMMUNITY_DIGITAL_TEAM = "community_digital_team", _("Community digital technology team")
    STATE_AGENCY = "state_agency", _("State agency")
    OTHER = "other", _("Other")


class ExternalOrganisation(TimeStampedModel, ClusterableModel):
    """A partner outside the agency. Edited in the admin under Danh bạ → Tổ chức bên ngoài."""

    name = models.CharField(_("name"), max_length=255)
    name_key = CollationKeyField(source="name")
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ExternalOrganisationKind.choices)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("external organisation")
        verbose_name_plural = _("external organisations")
        ordering = ["name_key", "pk"]

    def __str__(self) -> str:
        return self.name


class ExternalContact(TimeStampedModel):
    """A contact person at an external organisation; edited inside the organisation's form."""

    organisation = ParentalKey(
        ExternalOrganisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["sort_order", "full_name"]

    def __str__(self) -> str:
        return self.full_name
