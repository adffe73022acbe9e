"""Demo progress reports and target values for `make run` (demo mode only)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.plans.models import Measurement, Plan, ProgressEvidence, TaskProgress

DEMO_PROGRESS = [
    # (task, unit, username, status, day, note, evidence title, evidence url)
    (
        "III.1.a",
        "TTCĐS",
        "canbo.ttcds",
        "in_progress",
        date(2026, 3, 12),
        "Đã xây dựng chuyên mục “Nghị quyết 57” trên Cổng thông tin điện tử của Sở; đăng 14 tin "
        "bài trong quý I/2026.",
        "Chuyên mục Nghị quyết 57",
        "https://skhcn.quangngai.gov.vn/nghi-quyet-57",
    ),
    (
        "III.1.a",
        "TTCĐS",
        "canbo.ttcds",
        "in_progress",
        date(2026, 9, 8),
        "Duy trì chuyên mục; 38 tin bài, 6 infographic và 2 video đã đăng trong 6 tháng.",
        "Báo cáo số liệu chuyên mục",
        "https://skhcn.quangngai.gov.vn/nghi-quyet-57/so-lieu",
    ),
    (
        "III.1.d",
        "BCVT",
        "canbo.bcvt",
        "done",
        date(2026, 10, 12),
        "Tổ chức chuỗi hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/2026 với 1.250 "
        "lượt người tham gia.",
        "Tin bài sự kiện 10/10",
        "https://skhcn.quangngai.gov.vn/tin-tuc/ngay-chuyen-doi-so-2026",
    ),
    (
        "III.1.b",
        "BCVT",
        "canbo.bcvt",
        "in_progress",
        date(2026, 6, 2),
        "Phối hợp các xã, phường tuyên truyền phong trào “Bình dân học vụ số” trên hệ thống "
        "thông tin cơ sở.",
        "",
        "",
    ),
    (
        "III.2.d",
        "TTCĐS",
        "canbo.ttcds",
        "in_progress",
        date(2026, 8, 20),
        "Sản xuất 12 infographic và 3 video clip về khoa học, công nghệ, đổi mới sáng tạo.",
        "Thư mục sản phẩm truyền thông",
        "https://skhcn.quangngai.gov.vn/thu-vien",
    ),
    (
        "III.2.h",
        "TTCĐS",
        "canbo.ttcds",
        "blocked",
        date(2026, 7, 15),
        "Tập huấn cho Tổ công nghệ số cộng đồng tại 12/96 xã, phường; thiếu kinh phí để mở rộng.",
        "",
        "",
    ),
    (
        "III.4.a",
        "QLKH",
        "qlkh",
        "done",
        date(2026, 4, 3),
        "Ban hành kế hoạch truyền thông kết quả nghiên cứu khoa học năm 2026.",
        "Kế hoạch truyền thông KQNC 2026",
        "https://skhcn.quangngai.gov.vn/van-ban/kh-tt-2026",
    ),
]

DEMO_MEASUREMENTS = [
    # (target, value, day, note, evidence url)
    (
        "T7",
        Decimal("42.50"),
        date(2026, 6, 30),
        "Ước tính từ báo cáo của các xã, phường về hệ thống thông tin cơ sở (6 tháng đầu năm).",
        "https://stttt.quangngai.gov.vn/bao-cao/ttcs-6-thang-2026",
    ),
    (
        "T7",
        Decimal("61.00"),
        date(2026, 11, 15),
        "Ước tính cập nhật sau khi lắp đặt thêm cụm loa thông minh tại 20 xã.",
        "https://stttt.quangngai.gov.vn/bao-cao/ttcs-11-2026",
    ),
]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def plans_demo_load() -> list[str]:
    plan = Plan.objects.filter(code="kh-2725-2025").first()
    if plan is None:
        return ["Plan 2725 not loaded: run manage.py load_plan first."]
    users = {user.username: user for user in get_user_model().objects.all()}
    nodes = {node.path: node for node in plan.nodes.all()}
    units = {unit.code: unit for unit in plan.organisation.units.all()}
    created = 0
    for path, unit_code, username, status, day, note, title, url in DEMO_PROGRESS:
        if TaskProgress.objects.filter(node=nodes[path], unit=units[unit_code], note=note).exists():
            continue
        progress = TaskProgress.objects.create(
            node=nodes[path],
            unit=units[unit_code],
            status=status,
            note=note,
            reported_by=users[username],
        )
        TaskProgress.objects.filter(pk=progress.pk).update(created_at=_aware(day))
        if url:
            ProgressEvidence.objects.create(progress=progress, title=title, url=url)
        created += 1
    targets = {target.code: target for target in plan.targets.all()}
    for code, value, day, note, url in DEMO_MEASUREMENTS:
        Measurement.objects.get_or_create(
            target=targets[code],
            measured_on=day,
            defaults={
                "value": value,
                "entered_by": users["qlkh"],
                "note": note,
                "evidence_url": url,
            },
        )
    return [f"Plan {plan.number_and_symbol}: {created} demo progress reports added."]
