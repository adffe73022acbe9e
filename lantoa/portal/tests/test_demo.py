"""The portal's demo content for `make run`: a Resolution 57 section with articles of every
unit with a communication duty and of several kinds, pictures drawn locally, dates in the past
and every month covered, loaded once however often the loader runs."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from wagtail.images import get_image_model
from wagtail.models import Collection

from lantoa.core.demo import demo_loaders
from lantoa.directory.demo import directory_demo_load
from lantoa.directory.services import agency_load
from lantoa.plans.evaluation import target_evaluate
from lantoa.plans.loading import plan_load
from lantoa.plans.tests.factories import AGENCY_FOLDER, PLAN_2725
from lantoa.portal import demo_images
from lantoa.portal.demo import (
    ARTICLES,
    PICTURES,
    PLAN_ISSUED,
    portal_demo_load,
    publication_times,
)
from lantoa.portal.models import ArticleKind, ArticlePage, HomePage, SectionPage

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.datetime(2026, 11, 26, 10, 0, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def _image_files_removed(db):
    """The demo writes its pictures (and pages write renditions) to MEDIA_ROOT."""
    yield
    for image in get_image_model().objects.all():
        for rendition in image.renditions.all():
            rendition.file.delete(save=False)
        image.file.delete(save=False)


@pytest.fixture
def plan(db):
    agency_load(folder=AGENCY_FOLDER)
    directory_demo_load()
    return plan_load(path=PLAN_2725).plan


def test_the_loader_is_registered_after_the_plans():
    names = [loader.name for loader in demo_loaders()]

    assert names.index("directory") < names.index("plans") < names.index("portal")


def test_the_demo_fills_the_resolution_57_section(plan, client, time_machine):
    time_machine.move_to(TODAY, tick=False)

    lines = portal_demo_load()

    # The portal tree is made when missing, then the articles.
    assert HomePage.objects.filter(locale__language_code="vi").count() == 1
    articles = list(
        ArticlePage.objects.live()
        .public()
        .select_related("authoring_unit", "featured_image")
        .prefetch_related("plan_tasks", "tags")
    )
    assert len(articles) == len(ARTICLES) >= 30
    assert lines[0].startswith(
        f"Portal: {len(ARTICLES)} demo articles published, {len(PICTURES)} demo pictures drawn"
    )
    units = Counter(article.authoring_unit.code for article in articles)
    assert set(units) == {"QLKH", "BCVT", "TTCĐS"}
    assert min(units.values()) >= 5
    kinds = {article.kind for article in articles}
    assert kinds >= {
        ArticleKind.NEWS,
        ArticleKind.PHOTO,
        ArticleKind.INFOGRAPHIC,
        ArticleKind.VIDEO,
        ArticleKind.PUBLICATION,
    }
    per_section = Counter(article.get_parent().slug for article in articles)
    assert set(per_section) == {
        "nghi-quyet-57",
        "binh-dan-hoc-vu-so",
        "doi-moi-sang-tao",
        "chuyen-doi-so",
    }

    # Every article has a picture, topics and the plan tasks it serves.
    for article in articles:
        assert article.featured_image is not None
        assert article.tags.all()
        assert all(node.plan_id == plan.pk for node in article.plan_tasks.all())
        assert article.plan_tasks.all()
    assert {node.path for article in articles for node in article.plan_tasks.all()} >= {
        "III.1.a",
        "III.1.b",
        "III.1.c",
        "III.1.d",
        "III.2.d",
        "III.2.h",
        "III.4.a",
    }

    # Pictures: few, in the Demo collection, described for screen readers.
    images = get_image_model().objects.filter(collection__name="Demo")
    assert images.count() == len(PICTURES) <= 16
    sizes = {(image.width, image.height) for image in images}
    assert sizes == {(1200, 675), (1080, 1350), (1200, 800)}
    assert all(image.description for image in images)

    # Blocks: a gallery on photo stories, a text alternative under infographics.
    for article in articles:
        blocks = {block.block_type: block.value for block in article.body}
        if article.kind == ArticleKind.PHOTO:
            assert len(blocks["gallery"]["images"]) >= 2
        if article.kind == ArticleKind.INFOGRAPHIC:
            assert "\n" in blocks["infographic"]["text_alternative"]
            assert blocks["infographic"]["image"].contextual_alt_text
    assert any("quote" in {block.block_type for block in a.body} for a in articles)
    assert any("fact_box" in {block.block_type for block in a.body} for a in articles)

    # Published over the months since the plan was issued, never in the future.
    moments = sorted(article.first_published_at for article in articles)
    assert moments[0].astimezone(VIETNAM).date() > PLAN_ISSUED
    assert moments[-1] < TODAY
    assert all(article.owner is not None for article in articles)

    # T1 and T3 are met by the demo.
    targets = {target.code: target for target in plan.targets.all()}
    as_of = TODAY.date()
    assert target_evaluate(target=targets["T1"], as_of=as_of).value == 1
    assert target_evaluate(target=targets["T3"], as_of=as_of).value == Decimal(100)

    # The pages render: home, a section, and one article of each kind.
    assert client.get("/").status_code == 200
    assert client.get("/nghi-quyet-57/").status_code == 200
    for kind in kinds:
        article = next(article for article in articles if article.kind == kind)
        response = client.get(article.get_url())
        assert response.status_code == 200
        assert article.title in response.content.decode()

    # Running it again adds nothing.
    again = portal_demo_load()

    assert again[0].startswith("Portal: 0 demo articles published, 0 demo pictures drawn")
    assert ArticlePage.objects.count() == len(ARTICLES)
    assert get_image_model().objects.count() == len(PICTURES)
    assert Collection.objects.filter(name="Demo").count() == 1
    assert SectionPage.objects.count() == 4


def test_without_the_plan_the_demo_waits_for_it(db):
    agency_load(folder=AGENCY_FOLDER)

    lines = portal_demo_load()

    assert lines == ["Portal demo skipped: load Plan 2725 first (manage.py load_plan)."]
    assert not ArticlePage.objects.exists()
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 1, 1), dt.date(2026, 2, 3), dt.date(2026, 11, 26), dt.date(2027, 6, 1)],
)
def test_dates_are_in_the_past_and_every_month_has_items(today):
    moments = publication_times(today=today)
    days = {slug: moment.astimezone(VIETNAM).date() for slug, moment in moments.items()}

    assert set(days) == {article.slug for article in ARTICLES}
    assert all(PLAN_ISSUED < day < today for day in days.values())
    months = {(day.year, day.month) for day in days.values()}
    month, last = dt.date(2025, 11, 1), today - dt.timedelta(days=1)
    while month <= last:
        assert (month.year, month.month) in months
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def test_event_stories_fall_on_their_days():
    days = {
        slug: moment.astimezone(VIETNAM).date()
        for slug, moment in publication_times(today=TODAY.date()).items()
    }

    assert days["toa-dam-khoa-hoc-cong-nghe-dong-hanh-cung-doanh-nghiep"] == dt.date(2026, 5, 18)
    assert days["ngay-hoi-doi-moi-sang-tao-tinh-quang-ngai"] == dt.date(2026, 10, 1)
    assert days["anh-gian-trung-bay-ngay-hoi-doi-moi-sang-tao"] == dt.date(2026, 10, 2)
    assert days["chuoi-hoat-dong-huong-ung-ngay-chuyen-doi-so-quoc-gia"] == dt.date(2026, 10, 10)
    assert days["ke-hoach-2725-truyen-thong-nghi-quyet-57"] == dt.date(2025, 11, 12)
    # Before the first 18/5 after the plan, that story is spread like the others.
    early = publication_times(today=dt.date(2026, 2, 3))
    assert early["toa-dam-khoa-hoc-cong-nghe-dong-hanh-cung-doanh-nghiep"].date() < dt.date(
        2026, 2, 3
    )


def test_pictures_are_drawn_even_without_the_debian_fonts(monkeypatch):
    monkeypatch.setattr(demo_images, "FONT_FILES", {"regular": ("/nope.ttf",), "bold": ()})
    demo_images.font.cache_clear()
    try:
        picture = demo_images.featured_image(
            headline="Chuyển đổi số từ cơ sở",
            kicker="Chuyển đổi số",
            subline="Thử",
            palette="teal",
            icon="chip",
            seed=1,
        )
        graphic = demo_images.infographic_image(
            title="Thử",
            subtitle="Thử",
            figures=[("1", "một"), ("2", "hai")],
            source="Nguồn: thử",
            palette="blue",
            seed=1,
        )
    finally:
        demo_images.font.cache_clear()

    assert picture.size == (1200, 675)
    assert graphic.size == (1080, 1350)
