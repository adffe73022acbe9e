"""Fixtures shared by the library's tests: the repository's collections, staff, assets."""

import pytest
from django.utils import translation

from lantoa.library.tests.builders import make_asset
from lantoa.library.tests.catalogue_helpers import library_collections, unit_collection_of


@pytest.fixture
def root(organisation, unit_a, unit_b):
    return library_collections(organisation)


@pytest.fixture
def add(root, unit_a):
    """add(title=…, **fields): a released asset of unit A (another unit with unit=…)."""

    def _add(**fields):
        unit = fields.pop("unit", unit_a)
        fields.setdefault("collection", unit_collection_of(root, unit))
        return make_asset(unit=unit, **fields)

    return _add


@pytest.fixture
def staff_a(make_user, unit_a):
    return make_user("unit_staff", unit=unit_a, username="canbo_a")


@pytest.fixture
def staff_b(make_user, unit_b):
    return make_user("unit_staff", unit=unit_b, username="canbo_b")


@pytest.fixture
def editor(make_user):
    return make_user("editor", username="bientap")


@pytest.fixture
def vietnamese():
    """Messages in Vietnamese, as staff read them."""
    with translation.override("vi"):
        yield


@pytest.fixture
def places(settings, tmp_path):
    """Public media and the upload folder in a folder of their own, to see what is left."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBRARY_UPLOAD_DIR = tmp_path / "uploads"
    (tmp_path / "incoming").mkdir()
    return tmp_path
