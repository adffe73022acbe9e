import json

import pytest

from lantoa.core.slugs import slug_from_title
from lantoa.portal.models import ArticlePage
from lantoa.portal.tests.pages import portal_build, section_get


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đổi mới sáng tạo", "doi-moi-sang-tao"),
        ("ĐẠI HỘI Đảng bộ tỉnh Quảng Ngãi", "dai-hoi-dang-bo-tinh-quang-ngai"),
        ("Nghị quyết 57-NQ/TW: đột phá!", "nghi-quyet-57-nq-tw-dot-pha"),
        ("Kho\u0302ng gian so\u0302\u0301", "khong-gian-so"),  # decomposed input
    ],
)
def test_slug_from_title_keeps_every_letter(title, slug):
    assert slug_from_title(title) == slug


@pytest.mark.django_db
def test_page_saved_without_slug_gets_the_transliterated_title():
    portal_build()
    section = section_get()
    first = section.add_child(instance=ArticlePage(title="Đổi mới sáng tạo ở Đức Phổ", lead="."))
    second = section.add_child(instance=ArticlePage(title="Đổi mới sáng tạo ở Đức Phổ", lead="."))
    assert first.slug == "doi-moi-sang-tao-o-duc-pho"
    assert second.slug == "doi-moi-sang-tao-o-duc-pho-2"


def test_admin_slug_fields_write_d_with_stroke_as_d():
    form_class = ArticlePage.get_edit_handler().get_form_class()
    attrs = form_class.base_fields["slug"].widget.attrs
    assert attrs["data-controller"] == "w-slug"
    replacements = {
        replacement: pattern
        for (pattern, _flags), replacement in json.loads(attrs["data-w-slug-formatters-value"])
    }
    assert set("đĐ") <= set(replacements["d"])
    assert set("àáảãạăằắẳẵặâầấẩẫậÀẶ") <= set(replacements["a"])
    assert set("ổơờớởỡợ") <= set(replacements["o"])
    assert set("ưừứửữự") <= set(replacements["u"])
