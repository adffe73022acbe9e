"""Demo reports for `make run` (demo mode only), placed relative to today:

- every half-year before the previous one: all units' reports accepted;
- the previous half-year: three units submitted on time and accepted, the Office submitted five
  days late and awaits review, and the consolidated report is drafted with its number;
- the current half-year: open, nothing written yet, so a unit's staff opens it prefilled from
  the demo articles, assets and progress reports.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.directory.models import Person
from lantoa.plans.models import Plan
from lantoa.reporting.calendar import half_year_periods_ensure
from lantoa.reporting.consolidated import consolidated_report_open, consolidated_report_save
from lantoa.reporting.models import ReportingPeriod, UnitReport
from lantoa.reporting.services import (
    unit_report_accept,
    unit_report_open,
    unit_report_save,
    unit_report_submit,
)

WRITERS = {"QLKH": "qlkh", "TTCĐS": "canbo.ttcds", "BCVT": "canbo.bcvt", "VP": "vanphong"}
REVIEWER = "qlkh"

NARRATIVE = {
    "QLKH": {
        "results": "Tham mưu Lãnh đạo Sở ban hành Kế hoạch 2725/KH-SKHCN; theo dõi, đôn đốc các "
        "phòng, đơn vị triển khai; phối hợp đăng tin về kết quả nhiệm vụ khoa học và công nghệ.",
        "limitations": "Một số đơn vị báo cáo chậm; số liệu về lượt tiếp cận còn ước tính.",
        "proposals": "Đề nghị các đơn vị cập nhật tiến độ nhiệm vụ trên hệ thống hằng tháng.",
        "signer_title": "Trưởng phòng",
        "signer_name": "Nguyễn Thị Thu Hà",
    },
    "TTCĐS": {
        "results": "Duy trì chuyên mục Nghị quyết 57 trên Cổng thông tin; sản xuất tin bài, "
        "infographic, video; xây dựng kho tài nguyên truyền thông số; mở lớp “Bình dân học vụ số”.",
        "limitations": "Nhân lực sản xuất video còn mỏng; thiết bị quay dựng chưa đồng bộ.",
        "proposals": "Bổ sung kinh phí sản xuất video ngắn và đào tạo kỹ năng truyền thông số.",
        "budget_used": 185_000_000,
        "budget_note": "Nguồn sự nghiệp khoa học và công nghệ năm 2026.",
        "signer_title": "Giám đốc Trung tâm",
        "signer_name": "Trần Quốc Việt",
    },
    "BCVT": {
        "results": "Phối hợp hệ thống thông tin cơ sở phát bản tin về chuyển đổi số tại các xã; "
        "hướng dẫn Tổ công nghệ số cộng đồng.",
        "limitations": "Một số cụm loa thông minh chưa kết nối ổn định.",
        "proposals": "Đề nghị hỗ trợ nâng cấp đường truyền cho các cụm loa ở xã miền núi.",
        "signer_title": "Trưởng phòng",
        "signer_name": "Ngô Thanh Sơn",
    },
    "VP": {
        "results": "Lập dự toán kinh phí thực hiện Kế hoạch; bố trí kinh phí cho các hoạt động "
        "truyền thông theo đề nghị của các đơn vị.",
        "limitations": "Nguồn kinh phí xã hội hóa chưa được huy động.",
        "proposals": "Các đơn vị gửi đề xuất kinh phí năm sau trước ngày 15/7.",
        "signer_title": "Chánh Văn phòng",
        "signer_name": "Đặng Thị Mỹ",
    },
}


def _at(day, hour=9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _write(period: ReportingPeriod, unit, user) -> UnitReport:
    report = unit_report_open(period=period, unit=unit, user=user)
    narrative = dict(NARRATIVE.get(unit.code, NARRATIVE["QLKH"]))
    return unit_report_save(
        report=report, user=user, revision=report.revision, fields=narrative, activities={}
    )


def _submit(report: UnitReport, user, *, on) -> None:
    version = unit_report_submit(report=report, user=user, revision=report.revision)
    version.__class__.objects.filter(pk=version.pk).update(submitted_at=_at(on))
    UnitReport.objects.filter(pk=report.pk).update(submitted_at=_at(on))


def _accept(report: UnitReport, reviewer, *, on) -> None:
    unit_report_accept(report=report, user=reviewer)
    UnitReport.objects.filter(pk=report.pk).update(reviewed_at=_at(on, 15))


def _fill(period: ReportingPeriod, users, reviewer, *, late_unit: str | None) -> list[str]:
    units = {unit.code: unit for unit in period.units.all()}
    done = []
    for code, username in WRITERS.items():
        unit = units.get(code)
        user = users.get(username)
        if unit is None or user is None or not Person.objects.filter(user=user).exists():
            continue
        report = _write(period, unit, user)
        if code == late_unit:
            _submit(report, user, on=period.unit_due_on + timedelta(days=5))
        else:
            _submit(report, user, on=period.unit_due_on - timedelta(days=2))
            _accept(report, reviewer, on=period.unit_due_on)
        done.append(code)
    return done


def reporting_demo_load() -> list[str]:
    plan = Plan.objects.filter(code="kh-2725-2025").first()
    if plan is None:
        return ["Plan 2725 not loaded: run manage.py load_plan first."]
    users = {user.username: user for user in get_user_model().objects.all()}
    reviewer = users.get(REVIEWER)
    if reviewer is None:
        return ["Demo accounts missing: the directory demo runs first."]
    today = timezone.localdate()
    periods = [period for period in half_year_periods_ensure(plan=plan, today=today)]
    past = [period for period in periods if period.unit_due_on < today]
    lines = []
    for index, period in enumerate(sorted(past, key=lambda period: period.unit_due_on)):
        if period.unit_reports.exists():
            continue
        previous = index == len(past) - 1
        done = _fill(period, users, reviewer, late_unit="VP" if previous else None)
        lines.append(f"Reports {period.code}: {', '.join(done)}")
        if previous:
            consolidated = consolidated_report_open(period=period, user=reviewer)
            consolidated_report_save(
                report=consolidated,
                user=reviewer,
                revision=consolidated.revision,
                fields={
                    "number": "45",
                    "overview": "Các phòng, đơn vị thuộc Sở đã quán triệt và triển khai Kế hoạch "
                    "2725/KH-SKHCN, lồng ghép vào chương trình công tác năm.",
                    "next_tasks": "Tiếp tục duy trì chuyên mục Nghị quyết 57; hoàn thiện kho tài "
                    "nguyên truyền thông số; tổ chức các sự kiện ngày 10/10.",
                },
            )
            lines.append(f"Consolidated report {period.code}: draft, No. 45")
    return lines
