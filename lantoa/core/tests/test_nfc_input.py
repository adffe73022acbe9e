"""Decomposed Vietnamese typed or pasted into any form is stored composed (NFC)."""

import unicodedata

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db

DECOMPOSED = unicodedata.normalize("NFD", "Ảnh hội thảo Đổi mới sáng tạo")


def test_a_wagtail_form_stores_pasted_decomposed_text_composed(client, django_user_model):
    assert DECOMPOSED != unicodedata.normalize("NFC", DECOMPOSED)
    admin = django_user_model.objects.create_superuser("quantri", "q@example.org", "x")
    image = get_image_model().objects.create(title="ảnh", file=get_test_image_file())
    client.force_login(admin)
    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": DECOMPOSED, "collection": image.collection_id, "tags": ""},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Ảnh hội thảo Đổi mới sáng tạo"
    assert unicodedata.is_normalized("NFC", image.title)


def test_a_search_typed_decomposed_is_read_composed(rf):
    from lantoa.core.middleware import NFCInputMiddleware

    seen = {}

    def view(request):
        seen["q"] = request.GET["q"]
        return None

    NFCInputMiddleware(view)(rf.get("/tim-kiem/", {"q": DECOMPOSED}))
    assert seen["q"] == unicodedata.normalize("NFC", DECOMPOSED)
