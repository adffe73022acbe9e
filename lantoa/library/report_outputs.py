"""A unit's released repository assets as outputs in its periodic report
(lantoa/reporting/outputs.py)."""

from django.utils import timezone

from lantoa.library.models import AssetKind
from lantoa.library.selectors import asset_public_url, assets_public
from lantoa.reporting.outputs import OutputRecord, period_moments


def assets_for_report(unit, starts_on, ends_on) -> list[OutputRecord]:
    """Public assets of the unit released in the period."""
    start, end = period_moments(starts_on, ends_on)
    assets = (
        assets_public()
        .filter(source_unit=unit, released_at__gte=start, released_at__lt=end)
        .prefetch_related("plan_tasks")
    )
    kinds = dict(AssetKind.choices)
    return [
        OutputRecord(
            title=asset.title,
            url=asset_public_url(asset),
            day=timezone.localdate(asset.released_at),
            task_ids=tuple(task.pk for task in asset.plan_tasks.all()),
            category=str(kinds.get(asset.kind, asset.kind)),
        )
        for asset in assets
    ]
