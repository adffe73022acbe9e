from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.collation import key_fields_for_update
from lantoa.core.text import nfc


class TimeStampedModel(models.Model):
    """Base for the project's models: creation and update times, and text kept in NFC."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A data invariant, not business logic: every stored text is NFC so that comparison,
        # search and uniqueness behave the same whatever the input method produced.
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))
        # A name saved alone keeps its sort key in step (the key is filled in pre_save).
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = key_fields_for_update(type(self), kwargs["update_fields"])
        super().save(*args, **kwargs)


class WorkerHeartbeat(models.Model):
    """One row per background worker process, refreshed while it runs (see `run_worker`)."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class RecurringJobState(models.Model):
    """When each registered recurring job last ran and is next due; kept by the worker."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    next_run_at = models.DateTimeField(_("next run at"), default=timezone.now)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recurring job")
        verbose_name_plural = _("recurring jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
