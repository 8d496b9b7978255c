"""The organisation tree (authority → directorate → service area → team) and the people in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from assure.core.models import TimeStampedModel
from assure.organisation.roles import ROLE_LABELS, RoleCode

# DfE's regions (ONS codes) as its published tables name them.
ENGLISH_REGIONS = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E13000001", "Inner London"),
    ("E13000002", "Outer London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
]
NEIGHBOUR_MODELS = [
    ("", "The model for each year: 2021 up to the year ending March 2024, 2025 from then on"),
    ("2021", "The 2021 model for every year"),
    ("2025", "The 2025 model for every year"),
]


class LocalAuthority(TimeStampedModel):
    name = models.CharField(max_length=200)
    la_code = models.CharField(
        "DfE LA code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the DfE LA code as three digits, like 931.")],
    )
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        validators=[RegexValidator(r"^E\d{8}$", "Enter the ONS code like E10000024.")],
    )

    region_code = models.CharField(
        "Region to compare with",
        max_length=9,
        blank=True,
        choices=ENGLISH_REGIONS,
        help_text="Scorecards show this region's published figures beside the authority's.",
    )
    neighbours_of = models.CharField(
        "Compare with the statistical neighbours of LA code",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the DfE LA code as three digits, like 931.")],
        help_text="The DfE LA code whose statistical neighbours to use. Leave empty to use the authority's own.",
    )
    neighbour_model = models.CharField(
        "Statistical-neighbour model",
        max_length=4,
        blank=True,
        choices=NEIGHBOUR_MODELS,
    )

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Directorate(TimeStampedModel):
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="directorates")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="directorate_unique_name")]

    def __str__(self) -> str:
        return self.name


class ServiceArea(TimeStampedModel):
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="service_areas")
    name = models.CharField(max_length=200, unique=True)
    head = models.ForeignKey(
        "Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_service_areas",
        help_text="The head of service accountable for this service area.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamType(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door / MASH"
    ASSESSMENT = "assessment", "Assessment"
    CIN_CP = "cin_cp", "Children in need and child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    DISABILITIES = "disabilities", "Children with disabilities"
    SAFEGUARDING_UNIT = "safeguarding_unit", "Safeguarding unit / IROs"
    FOSTERING = "fostering", "Fostering"
    ADOPTION = "adoption", "Adoption"
    RESIDENTIAL = "residential", "Residential"
    EARLY_HELP = "early_help", "Early help"
    BUSINESS_SUPPORT = "business_support", "Business support"
    MANAGEMENT = "management", "Service management"


class Team(TimeStampedModel):
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200, unique=True)
    team_type = models.CharField(max_length=32, choices=TeamType.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A role from `RoleCode`; rows are created by a migration so they can carry settings."""

    code = models.CharField(max_length=40, primary_key=True, choices=[(c.value, ROLE_LABELS[c]) for c in RoleCode])
    requires_two_factor = models.BooleanField(
        default=False,
        help_text="People holding this role must use an authenticator app when they sign in with a password.",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return ROLE_LABELS[RoleCode(self.code)]

    @property
    def label(self) -> str:
        return str(self)


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"
    FIXED_TERM = "fixed_term", "Fixed term"
    SECONDED = "seconded", "Seconded"


class Staff(TimeStampedModel):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    job_title = models.CharField(max_length=200, blank=True)
    roles = models.ManyToManyField(Role, blank=True, related_name="staff")
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports"
    )
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices, default=EmploymentType.PERMANENT)
    fte = models.DecimalField(
        "FTE",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def on(self, day: dt.date) -> MembershipQuerySet:
        """Memberships in force on `day` (start inclusive, end inclusive)."""
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))


class Membership(TimeStampedModel):
    """A dated period of a person belonging to a team, so history rolls up to the team of the time."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "present"
        return f"{self.staff} in {self.team} ({self.start_date.isoformat()} to {end})"


class ImportKind(models.TextChoices):
    STRUCTURE = "structure", "Structure"
    STAFF = "staff", "Staff"
    BOTH = "both", "Structure and staff"


class ImportStatus(models.TextChoices):
    CHECKED = "checked", "Checked"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Not accepted"


class OrganisationImport(models.Model):
    """An uploaded structure or staff file (or one of each), checked and waiting to be applied.

    `rows` holds the parsed rows, kept only when there were no problems; `errors` holds the problems.
    Not in the change history itself: the changes it makes are recorded on each object it touches.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation_imports",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=500, help_text="The file's name; two files' names are joined by a comma.")
    sha256 = models.CharField(
        "SHA-256", max_length=200, help_text="The SHA-256 of each file, in the same order as the names."
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices, blank=True)
    rows = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKED)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.CHECKED and not self.errors
