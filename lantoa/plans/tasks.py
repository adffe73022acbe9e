from django_tasks import task


@task()
def snapshot_indicators() -> int:
    """Record the current value of every computed indicator, so the dashboard has trends."""
    from lantoa.plans.services import indicator_snapshots_take

    return len(indicator_snapshots_take())
