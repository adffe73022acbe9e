"""The seam through which other apps show their records as evidence on plan tasks.

An app whose records serve plan tasks (portal articles, library assets, events…) registers a
provider in its AppConfig.ready():

    register_task_evidence(name="portal.articles", provider=articles_by_task)

A provider takes the plan and returns {task node id: [EvidenceItem, …]} for public records.
The plans app never imports the apps that feed it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EvidenceItem:
    label: str
    url: str
    kind: str
    day: date | None = None


EvidenceProvider = Callable[[object], dict[int, list[EvidenceItem]]]

_providers: dict[str, EvidenceProvider] = {}


def register_task_evidence(*, name: str, provider: EvidenceProvider) -> None:
    _providers[name] = provider


def unregister_task_evidence(name: str) -> None:
    _providers.pop(name, None)


def task_evidence_for_plan(plan) -> dict[int, list[EvidenceItem]]:
    """Every registered provider's evidence, merged per task and newest first."""
    merged: dict[int, list[EvidenceItem]] = {}
    for name in sorted(_providers):
        for node_id, items in _providers[name](plan).items():
            merged.setdefault(node_id, []).extend(items)
    for items in merged.values():
        items.sort(key=lambda item: item.day or date.min, reverse=True)
    return merged
