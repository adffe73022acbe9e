"""Helpers for the catalogue's tests (admin, release, public catalogue, API)."""

from wagtail.models import Collection

from lantoa.library.setup import library_setup


def library_collections(organisation) -> Collection:
    """The repository's collections for the organisation's units and the YAML's topics."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return library_setup(organisation=organisation).root


def unit_collection_of(root: Collection, unit) -> Collection:
    return root.get_children().get(name=unit.name)
