"""Writes of the repository's catalogue records: metadata edits, release and withdrawal,
consent records, view and download counts.

Each write that changes what the public sees purges the public pages' cache when it commits,
so the catalogue shows a release or a withdrawal at once. Release and withdrawal are recorded
in Wagtail's audit log (the asset's history) with who did it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.library.models import Asset, AssetStatus, Consent
from lantoa.library.selectors import (
    asset_consent_problems,
    assets_for_user,
    user_may_release,
)

LOG_RELEASE = "library.release"
LOG_WITHDRAW = "library.withdraw"
LOG_CONSENT_ADD = "library.consent.add"
LOG_CONSENT_EDIT = "library.consent.edit"
LOG_CONSENT_DELETE = "library.consent.delete"


class ConsentProblem(Exception):
    """Releasing would publish identifiable people without valid consent; the releaser must
    acknowledge the problems (`acknowledge_consent=True`) to go ahead."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def _public_content_changed() -> None:
    from lantoa.library.tasks import catalogue_facets_warm
    from lantoa.portal.caching import page_cache_purge

    transaction.on_commit(page_cache_purge)
    transaction.on_commit(catalogue_facets_warm.enqueue, robust=True)


def asset_topics_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    """Connected to the topics' m2m_changed (LibraryConfig.ready): an asset's search text holds
    its topics, which are saved after its own row, so Wagtail's post_save indexing misses them."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from modelsearch.tasks import insert_or_update_object_task

    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def _check_may_change(asset: Asset, user) -> None:
    if not assets_for_user(user=user).filter(pk=asset.pk).exists() or not user.has_perm(
        "library.change_asset"
    ):
        raise PermissionDenied(_("You may not change this asset."))


@transaction.atomic
def asset_metadata_update(*, asset: Asset, actor, form=None) -> Asset:
    """Save an asset's catalogue record (through its admin form when given, which also saves
    topics, audiences and plan tasks) and log the edit."""
    from wagtail.actions.edit import EditAction

    _check_may_change(asset, actor)
    asset = EditAction(asset, user=actor, form=form).execute(skip_permission_checks=True)
    if asset.status == AssetStatus.RELEASED:
        _public_content_changed()
    return asset


@transaction.atomic
def asset_delete(*, asset: Asset, actor) -> None:
    """Delete an asset's record (Wagtail logs it; the OAI-PMH deletion record is kept by the
    repository's post_delete signal). Its file stays in Wagtail's images, documents or media."""
    from wagtail.actions.delete import DeleteAction

    was_public = asset.status == AssetStatus.RELEASED
    DeleteAction(asset, user=actor).execute(skip_permission_checks=True)
    if was_public:
        _public_content_changed()


@transaction.atomic
def asset_release(asset: Asset, user, acknowledge_consent: bool = False) -> Asset:
    """Make the asset public. Needs `library.release_asset`. An asset showing identifiable
    people whose consent is missing, expired or not yet valid is refused with the problems
    (ConsentProblem) unless the releaser acknowledges them."""
    if not user_may_release(user):
        raise PermissionDenied(_("You may not release assets."))
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status == AssetStatus.RELEASED:
        return asset
    problems = asset_consent_problems(asset, today=timezone.localdate())
    if problems and not acknowledge_consent:
        raise ConsentProblem(problems)
    asset.status = AssetStatus.RELEASED
    asset.released_at = timezone.now()
    asset.released_by = user
    asset.save(update_fields=["status", "released_at", "released_by", "updated_at"])
    log(
        instance=asset,
        action=LOG_RELEASE,
        user=user,
        data={"consent_problems_acknowledged": problems},
    )
    _public_content_changed()
    return asset


@transaction.atomic
def asset_withdraw(asset: Asset, user, reason: str) -> Asset:
    """Take a released asset out of the public catalogue, with the reason in its history."""
    if not user_may_release(user):
        raise PermissionDenied(_("You may not withdraw assets."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the asset is withdrawn.")})
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status != AssetStatus.RELEASED:
        raise ValidationError(_("Only a released asset can be withdrawn."))
    asset.status = AssetStatus.WITHDRAWN
    asset.save(update_fields=["status", "updated_at"])
    log(instance=asset, action=LOG_WITHDRAW, user=user, data={"reason": reason})
    _public_content_changed()
    return asset


@transaction.atomic
def consent_save(*, consent: Consent, actor) -> Consent:
    """Record or correct a person's consent; logged in the asset's history."""
    _check_may_change(consent.asset, actor)
    adding = consent.pk is None
    consent.full_clean()
    consent.save()
    log(
        instance=consent.asset,
        action=LOG_CONSENT_ADD if adding else LOG_CONSENT_EDIT,
        user=actor,
        data={"person": consent.person_name},
    )
    return consent


@transaction.atomic
def consent_delete(*, consent: Consent, actor) -> None:
    _check_may_change(consent.asset, actor)
    asset, person = consent.asset, consent.person_name
    if consent.evidence:
        consent.evidence.delete(save=False)
    consent.delete()
    log(instance=asset, action=LOG_CONSENT_DELETE, user=actor, data={"person": person})


def asset_view_count(asset: Asset) -> None:
    """One more view, counted in the database (no lost updates, no change to `updated_at`)."""
    Asset.objects.filter(pk=asset.pk).update(view_count=F("view_count") + 1)


def asset_download_count(asset: Asset) -> None:
    Asset.objects.filter(pk=asset.pk).update(download_count=F("download_count") + 1)
