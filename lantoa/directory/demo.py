"""Demo accounts and records for `make run` (only with LANTOA_DEMO=1)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from lantoa.directory.models import (
    ExternalContact,
    ExternalOrganisation,
    ExternalOrganisationKind,
    Organisation,
    Person,
    Unit,
)
from lantoa.directory.roles import (
    EDITOR,
    LEAD_DIVISION,
    LEADER,
    OFFICE,
    SYSTEM_ADMIN,
    UNIT_STAFF,
    Role,
)

DEMO_PASSWORD = "LanToa@2025"  # noqa: S105 - printed on purpose; demo mode only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    unit_code: str
    position: str
    is_leader: bool = False
    is_communication_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("lanhdao", "Phan Văn Hiếu", LEADER, "LĐS", "Phó Giám đốc", is_leader=True),
    DemoAccount("qlkh", "Nguyễn Thị Thu Hà", LEAD_DIVISION, "QLKH", "Trưởng phòng", True, True),
    DemoAccount("canbo.ttcds", "Trần Minh Đức", UNIT_STAFF, "TTCĐS", "Viên chức", False, True),
    DemoAccount("canbo.bcvt", "Lê Thị Ánh", UNIT_STAFF, "BCVT", "Chuyên viên", False, True),
    DemoAccount("bientap", "Võ Quốc Bảo", EDITOR, "TTCĐS", "Biên tập viên", False, True),
    DemoAccount("vanphong", "Đặng Thị Mỹ", OFFICE, "VP", "Kế toán"),
    DemoAccount("quantri", "Huỳnh Tấn Phát", SYSTEM_ADMIN, "TTCĐS", "Quản trị hệ thống"),
]

DEMO_STAFF = [
    ("QLKH", "Phạm Văn Long", "Phó Trưởng phòng", True, True),
    ("QLKH", "Bùi Thị Hồng", "Chuyên viên", False, False),
    ("BCVT", "Ngô Thanh Sơn", "Trưởng phòng", True, True),
    ("BCVT", "Đỗ Thị Lan", "Chuyên viên", False, False),
    ("TTCĐS", "Nguyễn Hữu Tâm", "Giám đốc Trung tâm", True, True),
    ("TTCĐS", "Trương Thị Yến", "Viên chức", False, True),
    ("VP", "Lý Văn Nam", "Chánh Văn phòng", True, False),
    ("LĐS", "Nguyễn Văn Thành", "Giám đốc", True, False),
]

DEMO_PARTNERS = [
    ("Báo Quảng Ngãi", "BQN", ExternalOrganisationKind.PRESS, "Nguyễn Văn An", "Phóng viên"),
    (
        "Đài Phát thanh và Truyền hình Quảng Ngãi",
        "PTQ",
        ExternalOrganisationKind.PRESS,
        "Trần Thị Bích",
        "Biên tập viên",
    ),
    (
        "Trường Đại học Phạm Văn Đồng",
        "PDU",
        ExternalOrganisationKind.UNIVERSITY,
        "Lê Văn Hùng",
        "Trưởng phòng Khoa học",
    ),
    (
        "Hiệp hội Doanh nghiệp tỉnh Quảng Ngãi",
        "HHDN",
        ExternalOrganisationKind.ASSOCIATION,
        "Phạm Thị Hoa",
        "Thư ký",
    ),
    (
        "Tổ công nghệ số cộng đồng phường Cẩm Thành",
        "",
        ExternalOrganisationKind.COMMUNITY_DIGITAL_TEAM,
        "Võ Văn Tài",
        "Tổ trưởng",
    ),
]


def directory_demo_load() -> list[str]:
    """The demo loader registered for `load_demo`: accounts and directory records."""
    from django.conf import settings
    from django.core.management.base import CommandError

    from lantoa.directory.selectors import home_organisation

    organisation = home_organisation()
    if organisation is None:
        raise CommandError("Load the agency first: manage.py load_agency")
    accounts = demo_load(organisation=organisation)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = [
        f"Lan Tỏa — sign in at {base_url}/admin/",
        f"Demo accounts (password for all: {DEMO_PASSWORD}):",
    ]
    lines += [
        f"  {account.username:<14} {account.role.group_name:<20} {account.unit_code}"
        for account in accounts
    ]
    return lines


@transaction.atomic
def demo_load(*, organisation: Organisation) -> list[DemoAccount]:
    """Create (or refresh) the demo accounts, staff and partners; safe to run again."""
    user_model = get_user_model()
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=organisation)}

    for account in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(username=account.username)
        family, _, given = account.full_name.rpartition(" ")
        user.first_name, user.last_name = given, family
        user.email = f"{account.username}@demo.lantoa.local"
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=account.role.group_name)])
        Person.objects.update_or_create(
            user=user,
            defaults={
                "unit": units[account.unit_code],
                "full_name": account.full_name,
                "position": account.position,
                "email": user.email,
                "is_leader": account.is_leader,
                "is_communication_staff": account.is_communication_staff,
            },
        )

    for unit_code, full_name, position, is_leader, is_comms in DEMO_STAFF:
        Person.objects.update_or_create(
            unit=units[unit_code],
            full_name=full_name,
            defaults={
                "position": position,
                "is_leader": is_leader,
                "is_communication_staff": is_comms,
            },
        )

    for name, short_name, kind, contact_name, contact_position in DEMO_PARTNERS:
        partner, _ = ExternalOrganisation.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
        ExternalContact.objects.update_or_create(
            organisation=partner, full_name=contact_name, defaults={"position": contact_position}
        )
    return DEMO_ACCOUNTS
