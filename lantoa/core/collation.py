"""Vietnamese alphabetical order for every list a person reads: names, units, titles, topics.

Code-point order is wrong for Vietnamese: `sorted(["Ân", "Ăn", "An"])` gives Ân, Ăn, An, and
"Đức" lands after every name in Z. The Vietnamese order is a ă â b c d đ e ê … o ô ơ … u ư …,
letters first ignoring case, then the tones (none, huyền, hỏi, ngã, sắc, nặng: a à ả ã á ạ),
then case (lower before upper) as tie-breakers, word by word ("Hà My" before "Hải").

ICU's Vietnamese collation (CLDR's `vi` tailoring, through PyICU) gives that order as a sort key:
bytes whose plain byte order is the Vietnamese order. Neither SQLite nor PostgreSQL has a
Vietnamese collation we can rely on, but both compare binary columns byte by byte (SQLite BLOB
with memcmp, PostgreSQL bytea likewise), so a model stores the key of its name in a
`CollationKeyField` and lists `ORDER BY` that column. Small lists built in Python use
`sorted_vietnamese`.

A key depends on the ICU version: after an upgrade of ICU (a new Debian release), run
`manage.py collation_keys_refresh` (`make setup` does).
"""

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from lantoa.core.text import nfc

T = TypeVar("T")


@functools.cache
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    # An ICU built without the Vietnamese tailoring silently falls back to the root order
    # (ă after a-z…): fail loudly instead of storing wrong keys.
    actual = collator.getLocale(icu.ULocDataLocaleType.ACTUAL_LOCALE).getName()
    if actual != "vi":
        raise ImproperlyConfigured(f"ICU {icu.ICU_VERSION} has no Vietnamese collation ({actual})")
    return collator


def collation_version() -> str:
    """What the keys depend on: keys made under another version must be made again."""
    return f"ICU {icu.ICU_VERSION}, Unicode {icu.UNICODE_VERSION}"


def sort_key(text: str | None) -> bytes:
    """The Vietnamese sort key of `text`: compare keys as bytes to compare texts.

    The text is NFC'd and its spaces collapsed first, so a name pasted decomposed from Word or
    with a double space sorts where a reader expects it. ICU's collator is thread-safe for this
    read-only use.
    """
    return _collator().getSortKey(" ".join(nfc(text or "").split()))


def sorted_vietnamese(
    items: Iterable[T], key: Callable[[T], str] | None = None, *, reverse: bool = False
) -> list[T]:
    """`items` in Vietnamese order; `key` gives each item's text (default: the item itself).
    Stable, like `sorted`."""
    text: Callable[[T], str] = key if key is not None else str
    return sorted(items, key=lambda item: sort_key(text(item)), reverse=reverse)


class CollationKeyField(models.BinaryField):
    """The Vietnamese sort key of another text field of the model, filled on every save.

    `name_key = CollationKeyField(source="name")`, then `ordering = ["name_key"]`. A binary
    column, not text: a text column would be compared with the database's collation rather than
    byte by byte. Saves that bypass `save()` (`QuerySet.update`, `bulk_update`) must set it too;
    `TimeStampedModel.save(update_fields=[source])` adds the key by itself.
    """

    description = "Vietnamese sort key of another field"

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", b"")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = sort_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def collation_key_fields(model: type[models.Model]) -> list[CollationKeyField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, CollationKeyField)]


def collation_keys_fill(model: type[models.Model], *, batch_size: int = 500) -> int:
    """Recompute the stored keys of every row of `model` (a real or a migration's historical
    model); returns how many rows changed. For data migrations and `collation_keys_refresh`."""
    fields = collation_key_fields(model)
    if not fields:
        return 0
    columns = ["pk", *{field.source for field in fields}, *(field.attname for field in fields)]
    changed = []
    for instance in model._base_manager.only(*columns).iterator(chunk_size=batch_size):
        stale = False
        for field in fields:
            key = sort_key(getattr(instance, field.source))
            if bytes(getattr(instance, field.attname) or b"") != key:
                setattr(instance, field.attname, key)
                stale = True
        if stale:
            changed.append(instance)
    model._base_manager.bulk_update(
        changed, [field.name for field in fields], batch_size=batch_size
    )
    return len(changed)


def key_fields_for_update(model: type[models.Model], update_fields) -> list[str] | None:
    """`update_fields` plus the key fields whose source is being saved (None stays None)."""
    if update_fields is None:
        return None
    update_fields = list(update_fields)
    for field in collation_key_fields(model):
        if field.source in update_fields and field.name not in update_fields:
            update_fields.append(field.name)
    return update_fields


class CollatedOrderingMixin:
    """For a Wagtail admin IndexView: a click on the header of a text column that has a
    `CollationKeyField` sorts by the key, so the column reads in Vietnamese order."""

    def order_queryset(self, queryset):
        ordering = self.ordering
        if isinstance(ordering, str):
            descending = ordering.startswith("-")
            name = ordering.removeprefix("-")
            for field in collation_key_fields(queryset.model):
                if field.source == name:
                    return queryset.order_by(f"{'-' if descending else ''}{field.name}", "pk")
        return super().order_queryset(queryset)
