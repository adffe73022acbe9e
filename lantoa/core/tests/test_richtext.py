"""Rich text and embeds never carry code to a visitor, whatever road they came in by."""

import pytest
from django.test import Client
from wagtail.blocks import StreamValue

from lantoa.core.blocks import BodyBlock
from lantoa.core.richtext import rich_text_clean, url_is_safe
from lantoa.portal.models import SectionPage
from lantoa.portal.tests.pages import article_add, portal_build, section_get

HOSTILE = (
    '<p onclick="steal()">Tin <b onmouseover="x()">mới</b>'
    '<a href="javascript:alert(1)">bấm</a> <a href="https://skhcn.quangngai.gov.vn/">Sở</a>'
    '<a linktype="page" id="3">trang</a><script>alert("xss")</script>'
    '<img src="x" onerror="alert(1)"><iframe src="https://evil.example/"></iframe>'
    "<style>body{display:none}</style><!-- note --></p>"
)


def test_clean_keeps_the_editors_markup_and_drops_the_rest():
    cleaned = rich_text_clean(HOSTILE)
    assert cleaned == (
        '<p>Tin <b>mới</b><a>bấm</a> <a href="https://skhcn.quangngai.gov.vn/">Sở</a>'
        '<a linktype="page" id="3">trang</a></p>'
    )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.youtube.com/watch?v=abcdef", True),
        ("mailto:skhcn@quangngai.gov.vn", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("", False),
    ],
)
def test_url_is_safe(url, safe):
    assert url_is_safe(url) is safe


@pytest.mark.django_db
def test_article_body_from_an_import_is_shown_clean():
    portal_build()
    article = article_add(section_get(), title="Bài có mã độc", slug="ma-doc")
    # Written straight into the stream, as an API client or an import would.
    article.body = StreamValue(
        BodyBlock(),
        [
            {"type": "paragraph", "value": HOSTILE},
            {
                "type": "video",
                "value": {"url": "javascript:alert(2)", "title": "Video độc", "transcript": ""},
            },
            {
                "type": "fact_box",
                "value": {"title": "Số liệu", "body": '<p><a href="javascript:x()">x</a></p>'},
            },
        ],
        is_lazy=True,
    )
    article.save_revision().publish()

    html = Client().get(article.url).content.decode()
    assert "Tin <b>mới</b>" in html
    for hostile in ("steal()", "alert(", "x()", "onerror", "javascript:", "evil.example"):
        assert hostile not in html
    assert "Video độc" in html


@pytest.mark.django_db
def test_stored_rich_text_fields_are_cleaned_on_save():
    portal_build()
    section = section_get()
    section.intro = '<p>Giới thiệu<script>alert(1)</script><a href="javascript:x()">x</a></p>'
    section.save()
    stored = SectionPage.objects.filter(pk=section.pk).values_list("intro", flat=True).get()
    assert stored == "<p>Giới thiệu<a>x</a></p>"
