"""Generated portal articles for `make bench`: tens of thousands of published ArticlePages in
a couple of minutes, on a database that already holds the agency, Plan 2725 and the demo.

    DJANGO_SETTINGS_MODULE=… LANTOA_VAR_DIR=… python bench/articles.py 100000

Wagtail's add_child saves one page at a time (tree locks, revisions, signals, search index):
hours for 100,000 articles. Here the rows are written in bulk, the way Wagtail would have left
them after a publish: the page rows (treebeard materialised paths computed here: four base-36
characters a level, the sections' numchild bumped), the ArticlePage rows of the multi-table
inheritance, topics, plan tasks, and the search index entries (through the search backend's
own add_bulk, so the index holds what `update_index` would write). No revisions: visitors never
read them.

The articles read like the demo's: titles built from the Department's kinds of news, places of
the province and the demo's topics; bodies drawn from the demo articles' sentences. They are
spread over the four sections, the units, the article kinds and the five years to yesterday.
A few mention "sâm Ngọc Linh", so the benchmark has a rare phrase to search for.
"""

import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bump when the generated content changes: the benchmark then regenerates its databases.
GENERATOR_VERSION = 1
SEED = 57
BATCH = 2000
YEARS = 5
RARE_PHRASE_EVERY = 1000  # one article in this many mentions the rare phrase

KIND_WEIGHTS = {
    "news": 70,
    "photo": 10,
    "infographic": 5,
    "video": 5,
    "clip": 4,
    "motion_graphics": 3,
    "publication": 3,
}
KIND_PREFIXES = {
    "photo": "Ảnh: ",
    "infographic": "Infographic: ",
    "video": "Video: ",
    "clip": "Clip: ",
    "motion_graphics": "Đồ họa chuyển động: ",
    "publication": "Ấn phẩm: ",
}
ACTORS = [
    "Sở Khoa học và Công nghệ",
    "Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
    "Phòng Quản lý khoa học và Đổi mới sáng tạo",
    "Phòng Bưu chính, Viễn thông",
    "Ủy ban nhân dân xã",
    "Tổ công nghệ số cộng đồng",
    "Hội Nông dân tỉnh",
    "Tỉnh đoàn Quảng Ngãi",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Trường Đại học Phạm Văn Đồng",
    "Hiệp hội Doanh nghiệp tỉnh",
]
ACTIONS = [
    "tổ chức hội thảo về",
    "triển khai",
    "tập huấn",
    "phát động phong trào",
    "ra mắt mô hình",
    "sơ kết",
    "tổng kết",
    "hướng dẫn người dân về",
    "ký kết hợp tác về",
    "khảo sát",
    "đẩy mạnh",
    "tuyên truyền",
]
SUBJECTS = [
    "đổi mới sáng tạo trong doanh nghiệp nhỏ và vừa",
    "chuyển đổi số cấp xã",
    "Bình dân học vụ số cho người cao tuổi",
    "dịch vụ công trực tuyến toàn trình",
    "kỹ năng số cho thanh niên",
    "thanh toán không dùng tiền mặt",
    "ứng dụng trí tuệ nhân tạo trong cải cách hành chính",
    "sở hữu trí tuệ cho sản phẩm OCOP",
    "khởi nghiệp đổi mới sáng tạo trong sinh viên",
    "an toàn thông tin mạng",
    "nông nghiệp công nghệ cao",
    "truy xuất nguồn gốc nông sản bằng mã QR",
    "kinh tế số và thương mại điện tử",
    "định danh điện tử mức 2",
    "chuyển giao công nghệ cho hợp tác xã",
    "nhiệm vụ khoa học và công nghệ cấp tỉnh",
    "tiêu chuẩn, đo lường, chất lượng",
    "hệ thống loa truyền thanh thông minh",
    "kinh tế biển và nuôi trồng thủy sản",
    "Nghị quyết 57-NQ/TW",
]
PLACES = [
    "Bình Sơn",
    "Sơn Tịnh",
    "Tư Nghĩa",
    "Nghĩa Hành",
    "Mộ Đức",
    "Đức Phổ",
    "Ba Tơ",
    "Minh Long",
    "Sơn Hà",
    "Sơn Tây",
    "Trà Bồng",
    "Lý Sơn",
    "Cẩm Thành",
    "Nghĩa Lộ",
    "Kon Tum",
    "Đắk Tô",
    "Ngọc Hồi",
    "Kon Plông",
]
CLOSINGS = [
    "năm {year}",
    "giai đoạn {year}–{next_year}",
    "tại {place}",
    "trên địa bàn {place}",
    "cho người dân {place}",
    "quý {quarter}/{year}",
]
EXTRA_SENTENCES = [
    "Tham dự có đại diện lãnh đạo Sở, các phòng chuyên môn và {count} đại biểu đến từ {place}.",
    "Đến nay, {count} hộ dân tại {place} đã được hướng dẫn sử dụng dịch vụ công trực tuyến.",
    "Các đại biểu đã trao đổi kinh nghiệm, đề xuất giải pháp tháo gỡ khó khăn, vướng mắc.",
    "Kết quả này góp phần thực hiện thắng lợi các mục tiêu của Kế hoạch năm {year}.",
    "Trong quý {quarter}/{year}, đơn vị đã hoàn thành {count} nhiệm vụ được giao.",
    "Mô hình sẽ được nhân rộng ra các xã, phường khác trong thời gian tới.",
    "Ban tổ chức đã trao giấy chứng nhận cho {count} học viên hoàn thành khóa học.",
    "Người dân {place} phấn khởi khi thủ tục được giải quyết nhanh, gọn, đúng hẹn.",
]
RARE_SENTENCE = (
    "Đề tài cũng xây dựng quy trình nhân giống sâm Ngọc Linh bằng công nghệ nuôi cấy mô, mở "
    "hướng phát triển dược liệu quý ở vùng núi {place}."
)
TAG_EXTRAS = ["Hội thảo", "Tập huấn", "Doanh nghiệp", "Thanh niên", "Phụ nữ", "Nông thôn mới"]


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
    import django

    django.setup()


class ArticleWriter:
    """Titles, leads and bodies in the demo's voice, reproducible from a seed."""

    def __init__(self, rng: random.Random):
        from lantoa.portal import demo

        self.rng = rng
        sentences = []
        for article in demo.ARTICLES:
            for paragraph in article.paragraphs:
                sentences += [part.strip() for part in paragraph.split(". ") if part.strip()]
        self.sentences = [
            sentence if sentence.endswith((".", "!", "?", "”")) else f"{sentence}."
            for sentence in sentences
        ]
        self.demo_titles = [article.title for article in demo.ARTICLES]
        self.demo_leads = [article.lead for article in demo.ARTICLES]
        self.tag_pool = sorted(
            {tag for article in demo.ARTICLES for tag in article.tags} | set(TAG_EXTRAS)
        )

    def _fill(self, template: str, moment: datetime) -> str:
        return template.format(
            year=moment.year,
            next_year=moment.year + 1,
            quarter=(moment.month - 1) // 3 + 1,
            place=self.rng.choice(PLACES),
            count=self.rng.randrange(12, 2500),
        )

    def title(self, kind: str, moment: datetime) -> str:
        rng = self.rng
        if rng.random() < 0.1:
            title = rng.choice(self.demo_titles).split(": ", 1)[-1]
        else:
            closing = self._fill(rng.choice(CLOSINGS), moment)
            title = f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {closing}"
        return f"{KIND_PREFIXES.get(kind, '')}{title}"

    def lead(self, moment: datetime) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(self.demo_leads)
        return " ".join(self.rng.sample(self.sentences, 2))

    def paragraphs(self, moment: datetime, *, rare: bool) -> list[str]:
        rng = self.rng
        paragraphs = []
        for _number in range(rng.randint(3, 6)):
            sentences = rng.sample(self.sentences, rng.randint(2, 3))
            if rng.random() < 0.5:
                sentences.append(self._fill(rng.choice(EXTRA_SENTENCES), moment))
            paragraphs.append(" ".join(sentences))
        if rare:
            paragraphs.insert(1, self._fill(RARE_SENTENCE, moment))
        return paragraphs

    def tags(self) -> list[str]:
        return self.rng.sample(self.tag_pool, self.rng.randint(1, 3))


def _body(paragraphs: list[str], quote: str | None) -> list[dict]:
    from django.utils.html import escape

    blocks = [
        {"type": "paragraph", "value": f"<p>{escape(text)}</p>", "id": str(uuid.uuid4())}
        for text in paragraphs
    ]
    if quote:
        blocks.append(
            {
                "type": "quote",
                "value": {"quote": quote, "attribution": "Lãnh đạo Sở Khoa học và Công nghệ"},
                "id": str(uuid.uuid4()),
            }
        )
    return blocks


def _moments(count: int, rng: random.Random) -> list[datetime]:
    """`count` publication times over the YEARS to yesterday, oldest first, in office hours."""
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    today = timezone.localdate()
    first = today - timedelta(days=365 * YEARS)
    span = (today - first).days
    moments = []
    for _number in range(count):
        day = first + timedelta(days=rng.randrange(span))
        moments.append(
            timezone.make_aware(
                datetime.combine(day, datetime.min.time())
                + timedelta(hours=rng.randint(7, 17), minutes=rng.randrange(60)),
                zone,
            )
        )
    return sorted(moments)


def _computed_search_fields(model) -> list[str]:
    """The model's indexed values that are methods (`folded_text`…), in index order."""
    from wagtail.search import index

    names = []
    for field in model.get_search_fields():
        is_text = isinstance(field, index.SearchField | index.AutocompleteField)
        if is_text and callable(getattr(model, field.field_name, None)):
            names.append(field.field_name)
    return list(dict.fromkeys(names))


def _index_values_memoise(article, names: list[str]) -> None:
    """Compute each method once: the search backend asks for every field's value three times
    (title, body, autocomplete), and folding the text is most of the generation's time."""
    for name in names:
        value = getattr(article, name)()
        setattr(article, name, lambda value=value: value)


def articles_generate(*, count: int, seed: int = SEED) -> str:
    """Publish `count` generated articles under the home page's sections; a summary line."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from lantoa.core.text import fold, nfc
    from lantoa.directory.models import Unit
    from lantoa.directory.selectors import home_organisation
    from lantoa.plans.models import Plan
    from lantoa.portal import demo
    from lantoa.portal.models import ArticlePage, ArticleTag, HomePage, SectionPage

    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (reproducible sample content, not secrets)
    writer = ArticleWriter(rng)
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    sections = list(SectionPage.objects.child_of(home).order_by("path"))
    units = list(Unit.objects.filter(organisation=home_organisation()).order_by("pk"))
    unit_weights = [6 if unit.has_communication_duty else 1 for unit in units]
    tasks = list(Plan.objects.get(code=demo.PLAN_CODE).nodes.current().tasks())
    images = list(get_image_model().objects.order_by("pk"))
    owners = list(get_user_model().objects.filter(username__in=demo.AUTHORS.values()))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in writer.tag_pool}
    backend = get_search_backend()
    computed_fields = _computed_search_fields(ArticlePage)

    # The next free step under each section (its children may hold the demo's articles).
    next_step = {}
    for section in sections:
        last = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        last_path = last.order_by("-path").values_list("path", flat=True).first()
        next_step[section.pk] = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
    added = dict.fromkeys(next_step, 0)

    moments = _moments(count, rng)
    kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
    with transaction.atomic():
        for start in range(0, count, BATCH):
            articles, article_tags, article_tasks = [], [], []
            for number in range(start, min(start + BATCH, count)):
                moment = moments[number]
                kind = rng.choices(kinds, kind_weights)[0]
                section = rng.choice(sections)
                step = next_step[section.pk]
                next_step[section.pk] += 1
                added[section.pk] += 1
                title = nfc(writer.title(kind, moment))
                slug = f"{slugify(fold(title))[:80].rstrip('-')}-{number + 1}"
                rare = number % RARE_PHRASE_EVERY == RARE_PHRASE_EVERY // 2
                quote = rng.choice(writer.sentences) if rng.random() < 0.2 else None
                owner = rng.choice(owners) if owners else None
                article = ArticlePage(
                    path=Page._get_path(section.path, section.depth + 1, step),
                    depth=section.depth + 1,
                    numchild=0,
                    translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    locale_id=section.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=moment,
                    last_published_at=moment,
                    latest_revision_created_at=moment,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    url_path=f"{section.url_path}{slug}/",
                    owner=owner,
                    kind=kind,
                    lead=nfc(writer.lead(moment)),
                    body=_body([nfc(text) for text in writer.paragraphs(moment, rare=rare)], quote),
                    featured_image=rng.choice(images) if images and rng.random() < 0.8 else None,
                    authoring_unit=rng.choices(units, unit_weights)[0] if units else None,
                )
                articles.append(article)
                article_tags.append(writer.tags())
                article_tasks.append(
                    rng.sample(tasks, rng.randint(1, 2)) if tasks and rng.random() < 0.3 else []
                )

            # The page rows first (bulk_create returns their ids on SQLite and PostgreSQL),
            # then the ArticlePage rows that point at them: Django's bulk_create refuses
            # multi-table inheritance, so the child table is written through _insert.
            page_fields = [field.attname for field in Page._meta.concrete_fields]
            pages = Page.objects.bulk_create(
                [
                    Page(**{name: getattr(article, name) for name in page_fields})
                    for article in articles
                ]
            )
            for article, page in zip(articles, pages, strict=True):
                article.id = article.page_ptr_id = page.pk
            for offset in range(0, len(articles), 500):
                ArticlePage._base_manager._insert(
                    articles[offset : offset + 500],
                    fields=ArticlePage._meta.local_concrete_fields,
                )
            ArticleTag.objects.bulk_create(
                ArticleTag(content_object_id=article.pk, tag=tags[name])
                for article, names in zip(articles, article_tags, strict=True)
                for name in names
            )
            through = ArticlePage.plan_tasks.through
            through.objects.bulk_create(
                through(articlepage_id=article.pk, plannode_id=task.pk)
                for article, served in zip(articles, article_tasks, strict=True)
                for task in served
            )
            for article in articles:
                _index_values_memoise(article, computed_fields)
            backend.add_bulk(ArticlePage, articles)
            done = start + len(articles)
            print(f"  {done} articles ({time.monotonic() - started:.0f} s)", file=sys.stderr)

        for section in sections:
            Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + added[section.pk])
    return f"{count} articles generated in {time.monotonic() - started:.0f} s."


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    _django_setup()
    print(articles_generate(count=count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
