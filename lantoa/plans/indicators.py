"""The seam between the plans app and the apps that measure its targets.

An app that can measure a target registers an indicator in its AppConfig.ready():

    from lantoa.plans.indicators import Indicator, IndicatorValue, register_indicator

    register_indicator(Indicator(
        key="portal.section_active",
        label=_("Resolution 57 section active every month"),
        compute=section_active,            # (IndicatorContext) -> IndicatorValue
        records=section_active_records,    # optional drill-down: (IndicatorContext) -> [Record]
    ))

A target's data file names the key (`indicator: portal.section_active`). The plans app never
imports the apps that feed it: a key nobody registered simply has no data source yet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class IndicatorContext:
    """What an indicator is asked about: a target of a plan, as of a day."""

    plan: object
    target: object
    as_of: date


@dataclass(frozen=True)
class IndicatorValue:
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class IndicatorRecord:
    """One record behind a figure, for drill-down: what it is, where to open it, and
    whether it counts toward the figure."""

    label: str
    url: str = ""
    counted: bool = True
    group: str = ""


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    compute: Callable[[IndicatorContext], IndicatorValue]
    records: Callable[[IndicatorContext], list[IndicatorRecord]] | None = None
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


_registry: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    _registry[indicator.key] = indicator
    return indicator


def unregister_indicator(key: str) -> None:
    _registry.pop(key, None)


def indicator_get(key: str) -> Indicator | None:
    return _registry.get(key) if key else None


def indicators_registered() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda indicator: indicator.key)


def percent(numerator: int, denominator: int) -> IndicatorValue:
    """A share as a percentage with two decimals; no value when there is nothing to divide."""
    if denominator <= 0:
        return IndicatorValue(value=None, numerator=numerator, denominator=denominator)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
    return IndicatorValue(value=value, numerator=numerator, denominator=denominator)
