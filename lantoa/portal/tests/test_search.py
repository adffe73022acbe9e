"""Vietnamese search on the portal (issue "Portal", item 4): accent- and case-insensitive,
ranked, filtered, highlighted, the same on SQLite and PostgreSQL, and never an error."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Page, PageViewRestriction

from lantoa.core.text import fold_finder, fold_words, truncate
from lantoa.directory.services import agency_load
from lantoa.portal.models import ArticlePage, SectionPage
from lantoa.portal.search import (
    RANK_ALL_WORDS,
    RANK_SOME_WORDS,
    RANK_TEXT_PHRASE,
    RANK_TITLE_PHRASE,
    RANK_TITLE_WORDS,
    excerpt_html,
    highlight_html,
    portal_search,
    query_clean,
)
from lantoa.portal.setup import portal_setup

AGENCY = settings.BASE_DIR / "data/agencies/quang-ngai"
HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/tim-kiem/"


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=HO_CHI_MINH)


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _article(
    section: Page, title: str, *, day: str, lead: str = "", body: str = "", blocks=(), **fields
):
    stream = [*blocks, *(_paragraph(body) if body else [])]
    article = ArticlePage(title=title, lead=lead or title, body=stream, **fields)
    article.first_published_at = _at(day)
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The portal tree and a dozen pages, built once for this module inside a transaction that
    is rolled back at its end; each test runs in a savepoint inside it (pytest-django's `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _site_build()
        transaction.set_rollback(True)


def _site_build() -> dict:
    agency_load(folder=AGENCY)
    home = portal_setup(folder=AGENCY)
    sections = {section.slug: section for section in SectionPage.objects.child_of(home)}
    nq57 = sections["nghi-quyet-57"]
    articles = {
        "title_phrase": _article(
            nq57, "Đổi mới sáng tạo trong doanh nghiệp", day="2025-03-01", lead="Tin doanh nghiệp."
        ),
        "title_words": _article(
            nq57, "Sáng tạo và đổi mới ở trường học", day="2025-04-01", lead="Tin giáo dục."
        ),
        "lead_phrase": _article(
            nq57,
            "Hội thảo khoa học",
            day="2025-05-01",
            kind="photo",
            lead="Hội thảo bàn về ĐỔI MỚI SÁNG TẠO tại Quảng Ngãi.",
        ),
        "scattered": _article(
            nq57,
            "Tập huấn cán bộ",
            day="2025-06-01",
            lead="Lớp tập huấn cho cán bộ cơ sở.",
            body="Sáng kiến về cách làm mới, đổi cách nghĩ, tạo động lực.",
        ),
        "some_words": _article(nq57, "Ý tưởng hay", day="2025-06-15", lead="Một ý tưởng mới."),
        "digital": _article(
            nq57, "Chuyển đổi số cấp xã", day="2025-02-01", kind="video", lead="Xã điểm."
        ),
        "da_nang": _article(
            nq57, "Hợp tác với Đà Nẵng", day="2025-01-15", lead="Ký kết hợp tác khoa học."
        ),
        "other_section": _article(
            sections["doi-moi-sang-tao"],
            "Đổi mới sáng tạo ở huyện miền núi",
            day="2024-12-01",
            lead="Mô hình ở vùng cao.",
        ),
    }
    draft = ArticlePage(title="Đổi mới sáng tạo: bản nháp", lead="Chưa duyệt.", live=False)
    nq57.add_child(instance=draft)
    draft.save_revision()
    private = _article(nq57, "Đổi mới sáng tạo nội bộ", day="2025-07-01", lead="Chỉ nội bộ.")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    return {"home": home, "sections": sections, "articles": articles, "hidden": [draft, private]}


def _titles(results) -> list[str]:
    return [hit.page.title for hit in results.hits]


def _all_titles(**kwargs) -> list[str]:
    results = portal_search(**kwargs)
    titles = []
    for number in results.page.paginator.page_range:
        titles += _titles(portal_search(**kwargs, page=number))
    return titles


# Folding and highlighting helpers (no database)


def test_fold_words_splits_on_anything_but_letters_and_digits():
    assert fold_words("Đổi mới, sáng-tạo! 57-NQ/TW 😀 a\x00b_c") == [
        "doi", "moi", "sang", "tao", "57", "nq", "tw", "a", "b", "c",
    ]  # fmt: skip


def test_truncate_never_separates_a_letter_from_its_marks():
    decomposed = "ab" + "e\u0301" * 3  # not NFC-composable in a row: é é é once composed
    assert truncate(decomposed, 3) == "abé"
    assert truncate("a" + "\u0301\u0323" + "b", 1) == ""  # no precomposed form: cut before


def test_fold_finder_finds_the_accented_original():
    text = "Sở KH&CN: ĐỔI MỚI, sáng-tạo và chuyển đổi số; doing đổi"
    phrase = fold_finder(("doi", "moi", "sang", "tao"), phrase=True)
    assert [match.group() for match in phrase.finditer(text)] == ["ĐỔI MỚI, sáng-tạo"]
    words = fold_finder(("doi", "moi"))
    assert [match.group() for match in words.finditer(text)] == ["ĐỔI", "MỚI", "đổi", "đổi"]


def test_highlight_marks_original_words_and_escapes_the_rest():
    html = highlight_html("<b>Đổi mới</b> & đổi", ("doi", "moi"))
    assert html == "&lt;b&gt;<mark>Đổi mới</mark>&lt;/b&gt; &amp; <mark>đổi</mark>"


def test_excerpt_centres_on_the_first_phrase_and_cuts_at_spaces():
    text = "Mở đầu dài dòng. " * 30 + "Bàn về Đổi mới sáng tạo ở tỉnh. " + "Kết. " * 80
    html = excerpt_html(text, ("doi", "moi", "sang", "tao"), size=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Đổi mới sáng tạo</mark>" in html
    assert len(html) < 200


@pytest.mark.parametrize(
    ("raw", "text", "words"),
    [
        (None, "", ()),
        ("", "", ()),
        ("  \x00\x00 ", "", ()),
        ("?!…--**", "?!…--**", ()),
        ('"a" OR b*', '"a" OR b*', ("a", "or", "b")),
        ("NEAR(a b) -c ^d", "NEAR(a b) -c ^d", ("near", "a", "b", "c", "d")),
        ("đổi\x00mới 🚀", "đổi mới 🚀", ("doi", "moi")),
        ("Đổi mới" + "a" * 10_000, None, None),
    ],
)
def test_query_clean(raw, text, words):
    clean = query_clean(raw)
    assert len(clean.text) <= 200 and "\x00" not in clean.text
    if text is not None:
        assert clean.text == text
        assert clean.words == words


# The search service


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["doi moi sang tao", "Đổi mới sáng tạo", "ĐỔI MỚI", "đổi mới"])
def test_accents_and_case_do_not_matter(site, query):
    expected = set(_all_titles(query="doi moi"))
    assert "Đổi mới sáng tạo trong doanh nghiệp" in expected
    if "sang" in fold_words(query):
        expected = set(_all_titles(query="doi moi sang tao"))
    assert set(_all_titles(query=query)) == expected


@pytest.mark.django_db
def test_unaccented_words_find_accented_titles(site):
    assert _titles(portal_search(query="chuyen doi so"))[:2] == [
        "Chuyển đổi số",  # the section
        "Chuyển đổi số cấp xã",
    ]
    for query in ("Đà Nẵng", "da nang", "DA NANG"):
        # The article by its title, then the About page by the Department's address.
        assert _titles(portal_search(query=query)) == ["Hợp tác với Đà Nẵng", "Giới thiệu Sở"]


@pytest.mark.django_db
def test_title_phrase_then_title_words_then_text_phrase_then_all_words_then_some(site):
    articles = site["articles"]
    results = _all_titles(query="doi moi sang tao")
    order = [
        articles[key].title
        for key in ("title_phrase", "title_words", "lead_phrase", "scattered", "some_words")
    ]
    assert [title for title in results if title in order] == order
    ranks = {hit.page.title: hit.rank for hit in portal_search(query="doi moi sang tao").hits}
    assert ranks[articles["title_phrase"].title] == RANK_TITLE_PHRASE
    assert ranks[articles["title_words"].title] == RANK_TITLE_WORDS
    assert ranks[articles["lead_phrase"].title] == RANK_TEXT_PHRASE
    assert ranks[articles["scattered"].title] == RANK_ALL_WORDS
    assert ranks.get(articles["some_words"].title, RANK_SOME_WORDS) == RANK_SOME_WORDS


@pytest.mark.django_db
def test_ties_are_newest_first(site):
    titles = _titles(portal_search(query="doi moi sang tao"))
    # Three exact title matches: the section (published at setup, today), then by date.
    assert titles[:3] == [
        "Đổi mới sáng tạo",
        "Đổi mới sáng tạo trong doanh nghiệp",
        "Đổi mới sáng tạo ở huyện miền núi",
    ]


@pytest.mark.django_db
def test_drafts_and_private_pages_never_appear(site):
    titles = _all_titles(query="doi moi sang tao")
    for page in site["hidden"]:
        assert page.title not in titles
    for page in site["hidden"]:
        assert page.title not in _all_titles(query=page.title)


@pytest.fixture(params=["full text", "narrow"])
def finder(request, monkeypatch):
    """Runs a test through both ways of matching: walking the full-text index, and reading the
    index text of the few pages the filters leave."""
    monkeypatch.setattr("lantoa.portal.search.NARROW", 0 if request.param == "full text" else 1000)
    return request.param


@pytest.mark.django_db
def test_filters_by_section_kind_and_date(site, finder):
    sections = site["sections"]
    in_section = _all_titles(query="doi moi", section=sections["doi-moi-sang-tao"])
    assert in_section == ["Đổi mới sáng tạo ở huyện miền núi"]
    assert _all_titles(query="doi moi", kind="photo") == ["Hội thảo khoa học"]
    assert _all_titles(query="chuyen doi so", kind="video") == ["Chuyển đổi số cấp xã"]
    between = _all_titles(
        query="doi moi sang tao",
        date_from=datetime.date(2025, 3, 1),
        date_to=datetime.date(2025, 5, 1),
    )
    assert between == [
        "Đổi mới sáng tạo trong doanh nghiệp",
        "Sáng tạo và đổi mới ở trường học",
        "Hội thảo khoa học",
    ]


@pytest.mark.django_db
def test_filtered_ranking_is_the_same_both_ways(site, finder):
    articles = site["articles"]
    results = _all_titles(query="doi moi sang tao", section=site["sections"]["nghi-quyet-57"])
    order = [
        articles[key].title
        for key in ("title_phrase", "title_words", "lead_phrase", "scattered", "some_words")
    ]
    assert [title for title in results if title in order] == order
    assert "Đổi mới sáng tạo ở huyện miền núi" not in results


@pytest.mark.django_db
def test_other_databases_search_through_the_backend(site, monkeypatch):
    from lantoa.portal import search

    expected = _all_titles(query="doi moi sang tao")
    monkeypatch.setattr(search, "_finder", lambda searchable, narrowed: search._rows_generic)
    titles = _all_titles(query="doi moi sang tao")
    assert titles[:3] == expected[:3]  # the exact title matches, newest first
    assert set(titles) == set(expected)


@pytest.mark.django_db
def test_symbols_and_numbers_split_into_words(site):
    nq57 = site["sections"]["nghi-quyet-57"]
    _article(nq57, "Quán triệt Nghị quyết số 57-NQ/TW", day="2025-01-02", lead="Hội nghị.")
    for query in ("57-NQ/TW", "nq tw", "57 nq", "NQ/TW"):
        assert _titles(portal_search(query=query))[0] == "Quán triệt Nghị quyết số 57-NQ/TW"


@pytest.mark.django_db
def test_snippets_highlight_the_accented_original(site):
    hits = {hit.page.title: hit for hit in portal_search(query="doi moi sang tao").hits}
    lead_hit = hits["Hội thảo khoa học"]
    assert "<mark>ĐỔI MỚI SÁNG TẠO</mark>" in lead_hit.snippet_html
    title_hit = hits["Sáng tạo và đổi mới ở trường học"]
    assert title_hit.title_html == "<mark>Sáng tạo</mark> và <mark>đổi mới</mark> ở trường học"


@pytest.mark.django_db
def test_empty_query_gives_an_empty_page(site):
    results = portal_search(query="   ")
    assert results.hits == [] and results.count == 0 and results.page.number == 1


# The page


@pytest.mark.django_db
def test_search_page_lists_ranked_highlighted_results(client, site):
    response = client.get(URL, {"q": "Đổi mới sáng tạo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="search" name="q" value="Đổi mới sáng tạo"' in html
    assert '<label for="id_q">' in html and 'role="status"' in html
    assert "<mark>Đổi mới sáng tạo</mark> trong doanh nghiệp" in html
    assert "<mark>ĐỔI MỚI SÁNG TẠO</mark>" in html
    assert html.index("trong doanh nghiệp") < html.index("Hội thảo khoa học")
    assert "bản nháp" not in html and "nội bộ" not in html


@pytest.mark.django_db
def test_search_page_filters_from_the_query_string(client, site):
    section = site["sections"]["nghi-quyet-57"]
    response = client.get(
        URL,
        {"q": "doi moi", "section": section.pk, "kind": "news", "date_from": "01/04/2025",
         "date_to": "30/06/2025"},
    )  # fmt: skip
    titles = [hit.page.title for hit in response.context["results"].hits]
    assert titles == ["Sáng tạo và đổi mới ở trường học", "Tập huấn cán bộ", "Ý tưởng hay"]


@pytest.mark.django_db
def test_invalid_filters_are_reported_and_ignored(client, site):
    response = client.get(
        URL,
        {"q": "da nang", "section": "99999999999999999999999", "kind": "<x>",
         "date_from": "31/02/2025", "date_to": "01/01/0001"},
    )  # fmt: skip
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"section", "kind", "date_from", "date_to"}
    assert response.context["results"].hits[0].page.title == "Hợp tác với Đà Nẵng"


@pytest.mark.django_db
def test_extreme_dates_are_no_error(site):
    results = portal_search(query="da nang", date_from=datetime.date.min, date_to=datetime.date.max)
    assert _titles(results) == ["Hợp tác với Đà Nẵng"]


@pytest.mark.django_db
def test_query_and_content_are_escaped(client, site):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "a" * 10_000,
        "đổi mới " * 2_000,
        "?!.,;:'\"()[]{}<>/\\|@#$%^&*~`",
        '"a" OR b*',
        'doi NOT moi AND (sang OR tao) NEAR/2 "x" -y +z ^w col:term',
        "\x00",
        "đổi\x00mới",
        "😀🚀🇻🇳",
        "'; DROP TABLE wagtailcore_page; --",
        "e\u0301" * 500,
    ],
)
def test_any_query_returns_a_page(client, site, query):
    assert client.get(URL, {"q": query}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["q=%ED%A0%80", "q=%FF%FE", "q=%C3", "q=a&q=b", "q[]=x", "q=%00"])
def test_any_query_string_returns_a_page(client, site, raw):
    assert client.get(f"{URL}?{raw}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["2", "0", "-1", "abc", "9" * 5000, "1e3", "99"])
def test_any_page_number_returns_a_page(client, site, number):
    assert client.get(URL, {"q": "doi moi", "page": number}).status_code == 200


@pytest.mark.django_db
def test_pagination_keeps_the_query_and_filters(client, site, monkeypatch):
    monkeypatch.setattr("lantoa.portal.search.RESULTS_PER_PAGE", 2)
    response = client.get(URL, {"q": "doi moi", "kind": "news"})
    html = response.content.decode()
    assert 'href="?q=doi+moi&amp;kind=news&amp;page=2" rel="next"' in html


def _queries(client, params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_results_page_takes_a_fixed_number_of_queries(client, site):
    _queries(client, {"q": "doi moi"})  # warm the content-type and site caches
    # The page without a search: the locale, the sections for the filter, the site chrome.
    page_alone, _response = _queries(client, {"q": ""})
    # Then: view restrictions; the all-words and (few results) some-words searches; the shown
    # pages in their specific types (one query, plus one per type); their sections.
    count, response = _queries(client, {"q": "doi moi sang tao"})
    assert len(response.context["results"].hits) == 10  # sections, standard pages, articles
    assert count == page_alone + 1 + 2 + (1 + 3) + 1
    # Twelve pages with both words and a photo in their bodies: no some-words search, and no
    # query per photo; page 2 holds two articles.
    nq57 = site["sections"]["nghi-quyet-57"]
    photo = get_image_model().objects.create(title="Ảnh", file=get_test_image_file_jpeg())
    image = {"image": {"image": photo.pk, "decorative": True, "alt_text": ""}, "caption": "Ảnh"}
    for number in range(12):
        _article(
            nq57,
            f"Tọa đàm số {number}",
            day=f"2025-08-{number + 1:02}",
            blocks=[{"type": "image", "value": image}],
            body="Các nhà khoa học tọa đàm.",
        )
    _queries(client, {"q": ""})  # after a publish, the site chrome reads the menus once afresh
    count, response = _queries(client, {"q": "toa dam", "page": "2"})
    assert len(response.context["results"].hits) == 2
    assert count == page_alone + 1 + 1 + (1 + 1) + 1
    # A filter that leaves few pages: those pages first, then their index entries.
    count, response = _queries(client, {"q": "da nang", "kind": "news"})
    assert [hit.page.title for hit in response.context["results"].hits] == ["Hợp tác với Đà Nẵng"]
    assert count == page_alone + 1 + 1 + 2 + (1 + 1) + 1


# The admin's page search


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["doi moi", "Đổi mới", "đổi mới sáng", "chuyen doi so"])
def test_admin_page_search_folds_too(client, site, make_user, query):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    expected = "Chuyển đổi số cấp xã" if "chuyen" in query else "Đổi mới sáng tạo trong doanh"
    assert expected in html


@pytest.mark.django_db
def test_admin_page_search_finds_standard_pages_unaccented(client, site, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "gioi thieu"})
    assert "Giới thiệu Sở" in response.content.decode()
