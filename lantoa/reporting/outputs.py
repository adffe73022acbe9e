"""The seam through which other apps count a unit's outputs in a reporting period.

An app whose records are a unit's output (portal articles, repository assets, events and their
participants, classes and their trainees…) registers a source in its AppConfig.ready():

    register_report_output(OutputSource(key="portal.articles", label=_("Articles published"),
                                        order=10, collect=articles_for_report))

`collect(unit, starts_on, ends_on)` returns the unit's records dated within the period
(both days included) as OutputRecords, each with the plan tasks it serves. Unit reports show
every source's count, overall and per task, with links to the records; the reporting app never
imports the apps that feed it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class OutputRecord:
    title: str
    url: str
    day: date
    task_ids: tuple[int, ...] = ()
    # What kind of product it is ("Tin bài", "Video"…), shown next to the title.
    category: str = ""
    # How much it counts for: 1 for an article; the number of participants of an event.
    quantity: int = 1


@dataclass(frozen=True)
class OutputSource:
    key: str
    label: str
    collect: Callable[..., list[OutputRecord]]
    order: int = 100


@dataclass
class OutputCount:
    key: str
    label: str
    records: list[OutputRecord] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(record.quantity for record in self.records)


_sources: dict[str, OutputSource] = {}


def register_report_output(source: OutputSource) -> None:
    _sources[source.key] = source


def unregister_report_output(key: str) -> None:
    _sources.pop(key, None)


def report_output_sources() -> list[OutputSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def unit_outputs(*, unit, starts_on: date, ends_on: date) -> list[OutputCount]:
    """Every source's records of `unit` in the period, newest first, in the sources' order."""
    counts = []
    for source in report_output_sources():
        records = sorted(
            source.collect(unit, starts_on, ends_on), key=lambda record: record.day, reverse=True
        )
        counts.append(OutputCount(key=source.key, label=str(source.label), records=records))
    return counts


def outputs_for_task(outputs: list[OutputCount], task_id: int) -> list[OutputCount]:
    """The same counts, keeping only the records that serve the task."""
    return [
        OutputCount(
            key=count.key,
            label=count.label,
            records=[record for record in count.records if task_id in record.task_ids],
        )
        for count in outputs
    ]


def period_moments(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes for filtering timestamps: from the first day's midnight
    (local time) up to, not including, the midnight after the last day."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(starts_on, time.min), zone),
        timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time.min), zone),
    )
