"""Deletion tracking for OAI-PMH: a released asset that is deleted leaves an AssetDeletion row,
so harvesters learn of it (connected in LibraryConfig.ready())."""

from django.db.models.signals import post_delete

from lantoa.library.models import Asset
from lantoa.library.oai import asset_deletion_record


def _asset_deleted(sender, instance: Asset, **kwargs) -> None:
    asset_deletion_record(asset=instance)


def signals_connect() -> None:
    post_delete.connect(_asset_deleted, sender=Asset, dispatch_uid="library_asset_deletion_record")
