"""E-mail reminders to the units whose report is not in: a week, three days and a day before the
deadline, then after it, each once, in each person's language."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.users.models import UserProfile

from lantoa.reporting.models import ReminderKind, ReminderSent, ReportingPeriod
from lantoa.reporting.reminders import reminders_send
from lantoa.reporting.tasks import send_reminders
from lantoa.reporting.tests.conftest import at, reporting_catalogue_translates, vietnamese

pytestmark = pytest.mark.django_db

DUE = date(2026, 12, 15)  # unit reports of the second half of 2026
BEFORE = "Reminder: the report for %(title)s is due on %(due)s"
OVERDUE = "Overdue: the report for %(title)s"


def _prefer(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def people(units, make_user, staff_ttcds, staff_bcvt, office, qlkh, leader):
    """Who writes reports: TTCĐS has two staff (one reads English), BCVT, VP and QLKH one each;
    leaders write none. A former BCVT staff member whose staff record is closed."""
    _prefer(staff_ttcds, "vi")
    colleague = _prefer(
        make_user("unit_staff", unit=units["TTCĐS"], username="yen.ttcds", email="Yen@Example.vn"),
        "en",
    )
    former = make_user("unit_staff", unit=units["BCVT"], username="cu.bcvt")
    former.person.is_active = False
    former.person.save()
    return {"ttcds": staff_ttcds, "colleague": colleague, "bcvt": staff_bcvt, "former": former}


def _sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_week_before_every_writer_of_a_missing_report_gets_one_email(
    time_machine, plan, units, people, office, qlkh, submit_report, periods
):
    submit_report(periods["2026-2"], units["BCVT"], people["bcvt"])
    time_machine.move_to(at(date(2026, 12, 8), 7))

    reminded = reminders_send()

    # TTCĐS (two people), VP and QLKH; BCVT submitted; leaders write no report.
    assert reminded == 3
    assert _sent_to() == sorted(
        ["canbo.ttcds@example.vn", "yen@example.vn", "vanphong@example.vn", "qlkh@example.vn"]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    by_address = {message.to[0]: message for message in mail.outbox}
    vietnamese_subject = vietnamese(BEFORE) % {
        "title": vietnamese("second half of %(year)s") % {"year": 2026},
        "due": "15/12/2026",
    }
    assert by_address["canbo.ttcds@example.vn"].subject == vietnamese_subject
    if reporting_catalogue_translates(BEFORE):
        assert vietnamese_subject.startswith("Nhắc")  # not the English text
    assert by_address["yen@example.vn"].subject == (
        "Reminder: the report for second half of 2026 is due on 15/12/2026"
    )
    link = reverse("reporting:unit_report", args=["2026-2", units["TTCĐS"].pk])
    assert link in by_address["yen@example.vn"].body
    assert "in 7 days" in by_address["yen@example.vn"].body
    sent = ReminderSent.objects.get(unit=units["TTCĐS"])
    assert (sent.kind, sent.days) == (ReminderKind.BEFORE, 7)
    assert sent.recipients == "canbo.ttcds@example.vn, yen@example.vn"


def test_a_second_run_the_same_day_sends_nothing_more(time_machine, people, periods):
    time_machine.move_to(at(date(2026, 12, 8), 7))
    reminders_send()
    first = len(mail.outbox)

    time_machine.move_to(at(date(2026, 12, 8), 8))
    assert send_reminders.call() == 0  # the worker's hourly job

    assert len(mail.outbox) == first > 0


def test_no_reminder_on_other_days(time_machine, people, periods):
    for day in (date(2026, 12, 5), date(2026, 12, 10), date(2026, 12, 15), date(2026, 12, 17)):
        time_machine.move_to(at(day, 7))
        assert reminders_send() == 0, day
    assert mail.outbox == []


def test_overdue_reminders_after_the_deadline(time_machine, units, people, submit_report, periods):
    time_machine.move_to(at(date(2026, 12, 14)))
    submit_report(periods["2026-2"], units["TTCĐS"], people["ttcds"])
    time_machine.move_to(at(date(2026, 12, 16), 7))

    assert reminders_send() == 3  # BCVT, VP and QLKH

    assert "canbo.ttcds@example.vn" not in _sent_to()
    assert "cu.bcvt@example.vn" not in _sent_to()  # no longer on the staff
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["canbo.bcvt@example.vn"].subject == vietnamese(OVERDUE) % {
        "title": vietnamese("second half of %(year)s") % {"year": 2026}
    }
    assert {(sent.kind, sent.days) for sent in ReminderSent.objects.all()} == {
        (ReminderKind.OVERDUE, -1)
    }
    # Three days late, once more.
    mail.outbox.clear()
    time_machine.move_to(at(date(2026, 12, 18), 7))
    assert reminders_send() == 3
    assert len(mail.outbox) == 3


def test_the_worker_reminds_even_if_nobody_opened_the_period_yet(time_machine, plan, people):
    # The half-year periods are made when first needed; the worker needs them too.
    time_machine.move_to(at(date(2026, 12, 8), 7))

    assert reminders_send() == 4

    assert ReportingPeriod.objects.filter(code="2026-2").exists()


def test_a_units_own_mailbox_is_reminded_too(time_machine, units, periods):
    units["VP"].email = "vanphong.skhcn@quangngai.gov.vn"
    units["VP"].save()
    time_machine.move_to(at(date(2026, 12, 14), 7))

    reminders_send()

    assert _sent_to() == ["vanphong.skhcn@quangngai.gov.vn"]
