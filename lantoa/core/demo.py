"""Demo data for `make run`: each app registers a loader, run in order by `load_demo`.

    register_demo_loader(name="plans", order=20, load=plans_demo_load)

A loader takes no arguments, must be safe to run again, and returns lines to print.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Callable[[], list[str]]


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(*, name: str, order: int, load: Callable[[], list[str]]) -> None:
    _loaders[name] = DemoLoader(name=name, order=order, load=load)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.name))
