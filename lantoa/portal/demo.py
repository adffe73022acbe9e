"""Demo content for `make run` (demo mode only): a Resolution 57 section that reads like a
provincial Department's news, spread over the months since Plan 2725 was issued.

34 articles across the four sections of data/agencies/quang-ngai/portal.yaml, written by the
three units with a communication duty (QLKH, BCVT, TTCĐS), of every article kind, linked to the
plan tasks they serve, with pictures drawn locally (lantoa.portal.demo_images). Dates are
computed from today so everything is in the past: event stories fall on the latest 18/5, 1/10
and 10/10, the others are spread so that every month has items. Safe to run again: articles
are matched by slug within their section, pictures by title within the "Demo" collection.
"""

import hashlib
import io
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry, Revision

from lantoa.core.text import nfc
from lantoa.directory.models import Unit
from lantoa.directory.selectors import home_organisation
from lantoa.plans.models import Plan
from lantoa.portal import demo_images
from lantoa.portal.models import ArticleKind, ArticlePage, HomePage, SectionPage
from lantoa.portal.setup import portal_setup

PLAN_CODE = "kh-2725-2025"
PLAN_ISSUED = date(2025, 11, 11)
COLLECTION_NAME = "Demo"
VIDEO_BASE_URL = "https://demo.lantoa.local/video/"
AUTHORS = {"QLKH": "qlkh", "BCVT": "canbo.bcvt", "TTCĐS": "canbo.ttcds"}
PUBLISHER = "bientap"


# --- pictures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    key: str
    title: str
    alt: str
    draw: str  # "featured", "infographic" or "scene"
    options: dict = field(default_factory=dict)

    @property
    def figures(self) -> list[tuple[str, str]]:
        return self.options.get("figures", [])

    def text_alternative(self) -> str:
        lines = [f"{self.options['title']}."]
        lines += [f"{value}: {label}." for value, label in self.figures]
        lines.append(self.options["source"])
        return "\n".join(lines)


PICTURES = [
    Picture(
        "nq57",
        "Demo – Nghị quyết 57",
        "Đồ họa nền xanh dương với biểu tượng nguyên tử và dòng chữ “Đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số”.",
        "featured",
        {
            "headline": "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "kicker": "Nghị quyết 57",
            "subline": "Truyền thông thực hiện Nghị quyết số 57-NQ/TW tại Sở Khoa học và Công nghệ",
            "palette": "blue",
            "icon": "atom",
        },
    ),
    Picture(
        "bdhvs",
        "Demo – Bình dân học vụ số",
        "Đồ họa nền đỏ cam với biểu tượng điện thoại thông minh và dòng chữ “Bình dân học vụ số: "
        "mỗi người dân một kỹ năng số”.",
        "featured",
        {
            "headline": "Bình dân học vụ số: mỗi người dân một kỹ năng số",
            "kicker": "Bình dân học vụ số",
            "subline": "Dịch vụ công trực tuyến, thanh toán số, an toàn trên không gian mạng",
            "palette": "red",
            "icon": "phone",
        },
    ),
    Picture(
        "to-cns",
        "Demo – Tổ công nghệ số cộng đồng",
        "Đồ họa nền xanh lá với biểu tượng ba người và dòng chữ “Tổ công nghệ số cộng đồng "
        "đồng hành cùng người dân”.",
        "featured",
        {
            "headline": "Tổ công nghệ số cộng đồng đồng hành cùng người dân",
            "kicker": "Kỹ năng số",
            "subline": "Đi từng ngõ, gõ từng nhà, hướng dẫn từng người",
            "palette": "green",
            "icon": "people",
        },
    ),
    Picture(
        "dmst",
        "Demo – Đổi mới sáng tạo",
        "Đồ họa nền tím với biểu tượng bóng đèn và dòng chữ “Khơi dậy tinh thần đổi mới sáng tạo”.",
        "featured",
        {
            "headline": "Khơi dậy tinh thần đổi mới sáng tạo",
            "kicker": "Đổi mới sáng tạo",
            "subline": "Ý tưởng khởi nghiệp, sáng kiến tiêu biểu và bài toán của doanh nghiệp",
            "palette": "purple",
            "icon": "bulb",
        },
    ),
    Picture(
        "cds",
        "Demo – Chuyển đổi số",
        "Đồ họa nền xanh ngọc với biểu tượng vi mạch và dòng chữ “Chuyển đổi số từ cơ sở”.",
        "featured",
        {
            "headline": "Chuyển đổi số từ cơ sở",
            "kicker": "Chuyển đổi số",
            "subline": "Chính quyền số, kinh tế số và xã hội số ở các xã, phường, đặc khu",
            "palette": "teal",
            "icon": "chip",
        },
    ),
    Picture(
        "chat",
        "Demo – Nền tảng số",
        "Đồ họa nền xanh đậm với biểu tượng hai khung hội thoại và dòng chữ “Nền tảng số, trợ lý "
        "ảo phục vụ người dân và cán bộ”.",
        "featured",
        {
            "headline": "Nền tảng số, trợ lý ảo phục vụ người dân và cán bộ",
            "kicker": "Nền tảng số",
            "subline": "Thông tin chính thống, dễ tìm, kịp thời",
            "palette": "navy",
            "icon": "chat",
        },
    ),
    Picture(
        "nghien-cuu",
        "Demo – Kết quả nghiên cứu",
        "Đồ họa nền chàm với biểu đồ cột và dòng chữ “Đưa kết quả nghiên cứu đến với doanh "
        "nghiệp và người dân”.",
        "featured",
        {
            "headline": "Đưa kết quả nghiên cứu đến với doanh nghiệp và người dân",
            "kicker": "Khoa học và công nghệ",
            "subline": "Nhiệm vụ khoa học và công nghệ, chuyển giao, sáng chế",
            "palette": "indigo",
            "icon": "chart",
        },
    ),
    Picture(
        "an-pham",
        "Demo – Ấn phẩm truyền thông",
        "Đồ họa nền cam với biểu tượng cuốn sách mở và dòng chữ “Ấn phẩm, tài liệu truyền thông "
        "về Nghị quyết 57”.",
        "featured",
        {
            "headline": "Ấn phẩm, tài liệu truyền thông về Nghị quyết 57",
            "kicker": "Ấn phẩm",
            "subline": "Sổ tay, cẩm nang, bản tin dành cho từng nhóm đối tượng",
            "palette": "orange",
            "icon": "book",
        },
    ),
    Picture(
        "info-nq57",
        "Demo – Infographic mục tiêu Nghị quyết 57",
        "Infographic sáu mục tiêu của Nghị quyết 57 đến năm 2030; nội dung được viết lại bên dưới "
        "hình.",
        "infographic",
        {
            "title": "Nghị quyết 57: những mục tiêu đến năm 2030",
            "subtitle": "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
            "số quốc gia",
            "figures": [
                ("30% GDP", "Quy mô kinh tế số"),
                ("2% GDP", "Chi cho nghiên cứu và phát triển (R&D), hơn 60% từ xã hội"),
                (
                    "3%",
                    "Tối thiểu tổng chi ngân sách hằng năm cho khoa học, công nghệ, đổi mới sáng "
                    "tạo và chuyển đổi số",
                ),
                ("> 80%", "Người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến"),
                ("12", "Nhân lực nghiên cứu trên một vạn dân"),
                ("Top 3", "Đông Nam Á về năng lực cạnh tranh số và Chính phủ điện tử"),
            ],
            "source": "Nguồn: Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            "palette": "blue",
        },
    ),
    Picture(
        "info-bdhvs",
        "Demo – Infographic Bình dân học vụ số",
        "Infographic số liệu phong trào “Bình dân học vụ số” trên địa bàn tỉnh; nội dung được "
        "viết lại bên dưới hình.",
        "infographic",
        {
            "title": "“Bình dân học vụ số” trên địa bàn tỉnh",
            "subtitle": "Tổ công nghệ số cộng đồng và lớp học kỹ năng số cho người dân",
            "figures": [
                ("96/96", "xã, phường, đặc khu đã thành lập Tổ công nghệ số cộng đồng"),
                ("1.146", "Tổ công nghệ số cộng đồng ở thôn, tổ dân phố"),
                ("6.870", "thành viên Tổ công nghệ số cộng đồng"),
                ("418", "lớp “Bình dân học vụ số” đã khai giảng"),
                ("18.500", "lượt người dân được hướng dẫn trực tiếp"),
                ("12", "xã, phường được tập huấn chuyên sâu"),
            ],
            "source": "Nguồn: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi (số liệu minh họa)",
            "palette": "red",
        },
    ),
    Picture(
        "info-khcn",
        "Demo – Infographic nhiệm vụ khoa học và công nghệ",
        "Infographic số liệu nhiệm vụ khoa học và công nghệ cấp tỉnh; nội dung được viết lại bên "
        "dưới hình.",
        "infographic",
        {
            "title": "Nhiệm vụ khoa học và công nghệ cấp tỉnh",
            "subtitle": "Từ phòng thí nghiệm đến sản xuất và đời sống",
            "figures": [
                ("32", "nhiệm vụ khoa học và công nghệ cấp tỉnh đang thực hiện"),
                ("14", "nhiệm vụ đã được nghiệm thu"),
                ("9", "kết quả đã chuyển giao cho doanh nghiệp, hợp tác xã"),
                ("3", "đơn đăng ký sáng chế, giải pháp hữu ích"),
            ],
            "source": "Nguồn: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi (số liệu minh họa)",
            "palette": "indigo",
        },
    ),
    Picture(
        "info-cds",
        "Demo – Infographic chuyển đổi số cấp xã",
        "Infographic số liệu chuyển đổi số ở các xã, phường, đặc khu; nội dung được viết lại bên "
        "dưới hình.",
        "infographic",
        {
            "title": "Chuyển đổi số cấp xã qua những con số",
            "subtitle": "Hạ tầng số, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt",
            "figures": [
                ("100%", "xã, phường, đặc khu có Internet băng rộng cố định"),
                ("99,2%", "thôn, tổ dân phố được phủ sóng 4G"),
                ("87%", "hồ sơ thủ tục hành chính được nộp trực tuyến"),
                ("78%", "người trưởng thành có tài khoản thanh toán điện tử"),
                ("20", "xã có hệ thống loa truyền thanh thông minh"),
                ("1.200", "giao dịch bằng mã QR mỗi ngày tại chợ Nghĩa Lộ"),
            ],
            "source": "Nguồn: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi (số liệu minh họa)",
            "palette": "teal",
        },
    ),
    Picture(
        "scene-class",
        "Demo – Lớp học tập số (minh họa)",
        "Tranh minh họa: học viên ngồi học trước màn hình “Học tập số — Nâng cao kỹ năng số cho "
        "mọi người”, mỗi người một máy tính.",
        "scene",
        {
            "kind": "class",
            "banner": "Học tập số — Nâng cao kỹ năng số cho mọi người",
            "caption": "Ảnh minh họa",
            "palette": "teal",
        },
    ),
    Picture(
        "scene-stage",
        "Demo – Ngày hội Đổi mới sáng tạo và Chuyển đổi số (minh họa)",
        "Tranh minh họa: hội trường với màn hình lớn “Ngày hội Đổi mới sáng tạo và Chuyển đổi "
        "số”, diễn giả bên bục phát biểu và khán giả ngồi kín các hàng ghế.",
        "scene",
        {
            "kind": "stage",
            "banner": "Ngày hội Đổi mới sáng tạo và Chuyển đổi số",
            "caption": "Ảnh minh họa",
            "palette": "indigo",
        },
    ),
    Picture(
        "scene-fair",
        "Demo – Gian trưng bày sản phẩm đổi mới sáng tạo (minh họa)",
        "Tranh minh họa: ba gian trưng bày “Sản phẩm OCOP số”, “Giải pháp chuyển đổi số”, "
        "“Khởi nghiệp sáng tạo” và khách tham quan đứng trước các gian.",
        "scene",
        {
            "kind": "fair",
            "banner": "Sản phẩm OCOP số | Giải pháp chuyển đổi số | Khởi nghiệp sáng tạo",
            "caption": "Ảnh minh họa",
            "palette": "blue",
        },
    ),
    Picture(
        "scene-conference",
        "Demo – Hội nghị triển khai Nghị quyết 57 (minh họa)",
        "Tranh minh họa: hội trường với phông nền đỏ “Hội nghị triển khai thực hiện Nghị quyết số "
        "57-NQ/TW”, đoàn chủ tịch ngồi trên sân khấu và đại biểu ngồi kín các hàng ghế.",
        "scene",
        {
            "kind": "conference",
            "banner": "Hội nghị triển khai thực hiện Nghị quyết số 57-NQ/TW",
            "caption": "Ảnh minh họa",
            "palette": "red",
        },
    ),
]
PICTURES_BY_KEY = {picture.key: picture for picture in PICTURES}


# --- articles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    section: str
    kind: str
    unit: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    image: str
    tags: tuple[str, ...]
    tasks: tuple[str, ...]
    # When it was published: a fixed day, the latest (month, day) + days after, or else spread
    # over the months in list order.
    on: date | None = None
    yearly: tuple[int, int, int] | None = None
    facts: tuple[str, tuple[str, ...]] | None = None
    quote: tuple[str, str] | None = None
    infographic: str = ""
    gallery: tuple[tuple[str, str], ...] = ()
    video: tuple[str, str] | None = None  # (title, transcript)


NQ57, BDHVS, DMST, CDS = "nghi-quyet-57", "binh-dan-hoc-vu-so", "doi-moi-sang-tao", "chuyen-doi-so"
K = ArticleKind

ARTICLES = [
    DemoArticle(
        "ke-hoach-2725-truyen-thong-nghi-quyet-57",
        NQ57,
        K.NEWS,
        "QLKH",
        "Sở Khoa học và Công nghệ ban hành Kế hoạch truyền thông thực hiện Nghị quyết 57",
        "Ngày 11/11/2025, Sở ban hành Kế hoạch số 2725/KH-SKHCN triển khai Chương trình “Đẩy "
        "mạnh truyền thông thực hiện Nghị quyết số 57-NQ/TW” tại Sở, với 8 mục tiêu cụ thể và 4 "
        "nhóm nhiệm vụ.",
        (
            "Kế hoạch được xây dựng trên cơ sở Kế hoạch số 58/KH-UBND ngày 10/10/2025 của Ủy ban "
            "nhân dân tỉnh, nhằm tạo sự thống nhất trong nhận thức và hành động của công chức, "
            "viên chức, người lao động về vai trò đột phá của khoa học, công nghệ, đổi mới sáng "
            "tạo và chuyển đổi số.",
            "Ngay trong năm 2025, Sở xây dựng và duy trì chuyên mục truyền thông về Nghị quyết 57 "
            "trên Trang thông tin điện tử; 100% lãnh đạo, công chức, viên chức và người lao động "
            "được tuyên truyền, phổ biến các quan điểm chỉ đạo của Nghị quyết; 100% cơ quan thực "
            "hiện nhiệm vụ truyền thông thuộc Sở xây dựng chuyên mục và đăng tải sản phẩm truyền "
            "thông.",
            "Phòng Quản lý khoa học và Đổi mới sáng tạo là đầu mối theo dõi, đôn đốc, tổng hợp; "
            "các phòng, đơn vị báo cáo kết quả thực hiện trước ngày 10/6 và trước ngày 15/12 hằng "
            "năm.",
        ),
        "nq57",
        ("Nghị quyết 57", "Kế hoạch"),
        ("III.1.a", "III.1.c"),
        on=date(2025, 11, 12),
        facts=(
            "Bốn nhóm nhiệm vụ",
            (
                "Truyền thông trên báo chí, hệ thống thông tin cơ sở, mạng xã hội và nền tảng số",
                "Truyền thông trong các cơ quan của hệ thống chính trị",
                "Truyền thông tại doanh nghiệp và hộ kinh doanh",
                "Truyền thông tại các tổ chức khoa học và công nghệ",
            ),
        ),
    ),
    DemoArticle(
        "ra-mat-chuyen-muc-nghi-quyet-57",
        NQ57,
        K.NEWS,
        "TTCĐS",
        "Ra mắt chuyên mục “Nghị quyết 57” trên Trang thông tin điện tử của Sở",
        "Chuyên mục tập hợp tin bài, ảnh, infographic, video và ấn phẩm về triển khai Nghị quyết "
        "57-NQ/TW tại Sở và trên địa bàn tỉnh, được cập nhật thường xuyên.",
        (
            "Chuyên mục gồm bốn mảng nội dung: Nghị quyết 57, Bình dân học vụ số, Đổi mới sáng "
            "tạo và Chuyển đổi số. Mỗi tin bài ghi rõ phòng, đơn vị thực hiện và nhiệm vụ của Kế "
            "hoạch 2725/KH-SKHCN mà tin bài phục vụ.",
            "Trung tâm Chuyển đổi số và Đổi mới sáng tạo chịu trách nhiệm vận hành kỹ thuật; các "
            "phòng chuyên môn gửi tin bài qua quy trình biên tập, duyệt đăng trước khi xuất bản.",
            "Bạn đọc có thể tìm kiếm tin bài bằng tiếng Việt có dấu hoặc không dấu, theo dõi "
            "chuyên mục qua RSS và in hoặc lưu bài viết dưới dạng PDF.",
        ),
        "chat",
        ("Nghị quyết 57", "Chuyển đổi số"),
        ("III.1.a", "III.2.c"),
        on=date(2025, 11, 18),
        quote=(
            "Chuyên mục phải là nơi người dân, doanh nghiệp tìm thấy thông tin chính thống, dễ "
            "hiểu và được cập nhật hằng tháng về Nghị quyết 57.",
            "Ông Nguyễn Hữu Tâm, Giám đốc Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
        ),
    ),
    DemoArticle(
        "quan-triet-nghi-quyet-57-cong-chuc-vien-chuc",
        NQ57,
        K.NEWS,
        "QLKH",
        "Quán triệt Nghị quyết 57 đến toàn thể công chức, viên chức và người lao động của Sở",
        "Hội nghị được tổ chức trực tiếp kết hợp trực tuyến, với sự tham dự của lãnh đạo Sở và "
        "công chức, viên chức, người lao động của các phòng, đơn vị.",
        (
            "Báo cáo viên trình bày những điểm mới, cốt lõi của Nghị quyết số 57-NQ/TW ngày "
            "22/12/2024 của Bộ Chính trị: phát triển khoa học, công nghệ, đổi mới sáng tạo và "
            "chuyển đổi số là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh "
            "lực lượng sản xuất hiện đại.",
            "Sau phần quán triệt, các phòng, đơn vị thảo luận, đề xuất nhiệm vụ cụ thể đưa vào "
            "chương trình công tác năm; Phòng Quản lý khoa học và Đổi mới sáng tạo tổng hợp để "
            "theo dõi, đôn đốc.",
            "Tài liệu hội nghị được đăng trên chuyên mục để công chức, viên chức vắng mặt có thể "
            "tự nghiên cứu.",
        ),
        "scene-conference",
        ("Nghị quyết 57", "Hội nghị"),
        ("III.1.c", "III.2.g"),
        quote=(
            "Mỗi công chức, viên chức của Sở phải là một tuyên truyền viên về Nghị quyết 57 "
            "ngay trong công việc chuyên môn hằng ngày của mình.",
            "Ông Nguyễn Văn Thành, Giám đốc Sở Khoa học và Công nghệ",
        ),
    ),
    DemoArticle(
        "khai-giang-lop-binh-dan-hoc-vu-so-cam-thanh",
        BDHVS,
        K.NEWS,
        "TTCĐS",
        "Khai giảng lớp “Bình dân học vụ số” đầu tiên cho người dân phường Cẩm Thành",
        "45 học viên, phần đông là người cao tuổi và tiểu thương, được hướng dẫn sử dụng điện "
        "thoại thông minh, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.",
        (
            "Lớp học do Trung tâm Chuyển đổi số và Đổi mới sáng tạo phối hợp với Ủy ban nhân dân "
            "phường Cẩm Thành tổ chức tại nhà văn hóa khu dân cư, mỗi tuần hai buổi tối trong "
            "một tháng.",
            "Nội dung gồm bốn chuyên đề: sử dụng điện thoại thông minh an toàn; cài đặt và dùng "
            "ứng dụng định danh điện tử VNeID; nộp hồ sơ trên Cổng Dịch vụ công quốc gia; nhận "
            "diện và phòng tránh lừa đảo trên không gian mạng.",
            "Thành viên Tổ công nghệ số cộng đồng của phường tham gia trợ giảng, hỗ trợ từng học "
            "viên thực hành trên chính điện thoại của mình.",
        ),
        "bdhvs",
        ("Bình dân học vụ số", "Kỹ năng số", "Tổ công nghệ số cộng đồng"),
        ("III.1.b", "III.2.h"),
        facts=(
            "Lớp học qua những con số",
            (
                "45 học viên, cao tuổi nhất 72 tuổi",
                "8 buổi học buổi tối, 4 chuyên đề",
                "6 thành viên Tổ công nghệ số cộng đồng trợ giảng",
            ),
        ),
    ),
    DemoArticle(
        "infographic-muc-tieu-nghi-quyet-57-den-nam-2030",
        NQ57,
        K.INFOGRAPHIC,
        "TTCĐS",
        "Infographic: Những mục tiêu của Nghị quyết 57 đến năm 2030",
        "Kinh tế số đạt 30% GDP, chi cho nghiên cứu và phát triển đạt 2% GDP, tối thiểu 3% tổng "
        "chi ngân sách hằng năm dành cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
        (
            "Nghị quyết số 57-NQ/TW đặt ra nhiều mục tiêu định lượng đến năm 2030. Infographic "
            "dưới đây tóm tắt sáu mục tiêu tiêu biểu; phiên bản chữ ở ngay dưới hình dành cho "
            "người dùng trình đọc màn hình.",
        ),
        "nq57",
        ("Nghị quyết 57", "Infographic"),
        ("III.1.c", "III.2.d", "III.2.f"),
        infographic="info-nq57",
    ),
    DemoArticle(
        "tap-huan-to-cong-nghe-so-cong-dong-12-xa-phuong",
        BDHVS,
        K.NEWS,
        "BCVT",
        "Tập huấn kỹ năng số cho thành viên Tổ công nghệ số cộng đồng tại 12 xã, phường",
        "Hơn 300 thành viên Tổ công nghệ số cộng đồng được bồi dưỡng kỹ năng hướng dẫn người dân "
        "sử dụng dịch vụ công trực tuyến, thanh toán số và bảo đảm an toàn thông tin.",
        (
            "Đợt tập huấn do Phòng Bưu chính - Viễn thông và Chuyển đổi số chủ trì, phối hợp với "
            "các doanh nghiệp viễn thông trên địa bàn, tổ chức luân phiên tại 12 xã, phường trong "
            "hai tháng.",
            "Học viên thực hành trên các tình huống thường gặp: kích hoạt tài khoản định danh "
            "điện tử mức 2, nộp hồ sơ cấp phiếu lý lịch tư pháp trực tuyến, cài đặt sổ sức khỏe "
            "điện tử, nhận biết tin nhắn lừa đảo.",
            "Sau tập huấn, mỗi tổ xây dựng lịch hỗ trợ người dân tại nhà văn hóa thôn, tổ dân phố "
            "vào cuối tuần.",
        ),
        "to-cns",
        ("Tổ công nghệ số cộng đồng", "Kỹ năng số", "Tập huấn"),
        ("III.2.h",),
        quote=(
            "Tổ công nghệ số cộng đồng là cánh tay nối dài để chuyển đổi số đến với từng hộ gia "
            "đình, nhất là ở vùng sâu, vùng xa.",
            "Ông Ngô Thanh Sơn, Trưởng phòng Bưu chính - Viễn thông và Chuyển đổi số",
        ),
    ),
    DemoArticle(
        "nghi-quyet-57-tren-loa-truyen-thanh-thong-minh",
        CDS,
        K.NEWS,
        "BCVT",
        "Đưa nội dung Nghị quyết 57 lên hệ thống loa truyền thanh thông minh tại 20 xã",
        "Chuyên mục phát thanh “Khoa học, công nghệ và chuyển đổi số” phát sóng hai lần mỗi tuần "
        "trên hệ thống thông tin cơ sở, bằng tiếng Việt và tiếng Hrê.",
        (
            "Phòng Bưu chính - Viễn thông và Chuyển đổi số phối hợp với các xã biên tập bản tin "
            "5 phút về nội dung cốt lõi của Nghị quyết, các mô hình ứng dụng khoa học, công nghệ "
            "trong sản xuất và cách sử dụng dịch vụ công trực tuyến.",
            "Hệ thống loa truyền thanh thông minh cho phép cán bộ xã lập lịch phát, quản lý nội "
            "dung từ xa qua điện thoại và gửi cùng lúc một bản tin đến nhiều cụm loa.",
            "Ở các xã có đông đồng bào dân tộc thiểu số, bản tin được chuyển ngữ sang tiếng Hrê "
            "với sự hỗ trợ của cộng tác viên tại chỗ.",
        ),
        "chat",
        ("Hệ thống thông tin cơ sở", "Nghị quyết 57", "Chuyển đổi số"),
        ("III.1.c", "III.2.c"),
    ),
    DemoArticle(
        "phat-dong-cuoc-thi-y-tuong-khoi-nghiep-doi-moi-sang-tao",
        DMST,
        K.NEWS,
        "QLKH",
        "Phát động Cuộc thi Ý tưởng khởi nghiệp đổi mới sáng tạo tỉnh Quảng Ngãi",
        "Cuộc thi dành cho học sinh, sinh viên, doanh nghiệp khởi nghiệp và người dân có ý tưởng "
        "ứng dụng khoa học, công nghệ để giải quyết các bài toán của địa phương.",
        (
            "Ý tưởng dự thi thuộc các lĩnh vực nông nghiệp công nghệ cao, chế biến nông sản, du "
            "lịch thông minh, kinh tế biển, giáo dục và y tế số. Hồ sơ được nộp trực tuyến; vòng "
            "chung kết dự kiến diễn ra vào dịp Ngày hội Đổi mới sáng tạo quốc gia 1/10.",
            "Các đội vào vòng chung kết được huấn luyện về mô hình kinh doanh, sở hữu trí tuệ và "
            "kỹ năng gọi vốn; ý tưởng xuất sắc được xem xét hỗ trợ từ nhiệm vụ khoa học và công "
            "nghệ cấp tỉnh.",
        ),
        "dmst",
        ("Đổi mới sáng tạo", "Khởi nghiệp", "Cuộc thi"),
        ("III.2.g", "III.1.c"),
        facts=(
            "Thể lệ tóm tắt",
            (
                "Đối tượng: cá nhân, nhóm từ 16 tuổi trở lên; doanh nghiệp thành lập dưới 5 năm",
                "Hình thức: nộp hồ sơ trực tuyến; vòng chung kết thuyết trình trực tiếp",
                "Giải thưởng: 1 giải Nhất, 2 giải Nhì, 3 giải Ba và 6 giải Khuyến khích",
            ),
        ),
    ),
    DemoArticle(
        "so-tay-hoi-dap-nghi-quyet-57",
        NQ57,
        K.PUBLICATION,
        "TTCĐS",
        "Phát hành Sổ tay hỏi – đáp về Nghị quyết 57 dành cho cán bộ cơ sở",
        "Cuốn sổ tay 60 trang trình bày 50 câu hỏi – đáp ngắn gọn về quan điểm, mục tiêu, nhiệm "
        "vụ và giải pháp của Nghị quyết 57, kèm hình minh họa.",
        (
            "Sổ tay được biên soạn theo nhóm đối tượng: cán bộ, công chức cấp xã; doanh nghiệp "
            "nhỏ và vừa, hộ kinh doanh; học sinh, sinh viên. Mỗi phần có ví dụ gắn với thực tiễn "
            "của tỉnh.",
            "Bản in được gửi đến Ủy ban nhân dân các xã, phường, đặc khu; bản điện tử được đăng "
            "tải miễn phí trên chuyên mục và kho tài nguyên truyền thông số của Sở.",
        ),
        "an-pham",
        ("Nghị quyết 57", "Ấn phẩm"),
        ("III.2.e", "III.2.f"),
    ),
    DemoArticle(
        "anh-to-cong-nghe-so-cong-dong-huong-dan-dich-vu-cong",
        BDHVS,
        K.PHOTO,
        "TTCĐS",
        "Ảnh: Tổ công nghệ số cộng đồng hướng dẫn người dân dùng dịch vụ công trực tuyến",
        "Mỗi sáng thứ Bảy, nhà văn hóa khu dân cư trở thành “lớp học số”, nơi thành viên Tổ công "
        "nghệ số cộng đồng cầm tay chỉ việc cho người dân.",
        (
            "Tổ công nghệ số cộng đồng phường Cẩm Thành do ông Võ Văn Tài làm tổ trưởng duy trì "
            "lịch hỗ trợ người dân vào sáng thứ Bảy hằng tuần. Mỗi buổi có từ 20 đến 30 lượt "
            "người dân đến nhờ hướng dẫn.",
        ),
        "scene-class",
        ("Tổ công nghệ số cộng đồng", "Dịch vụ công trực tuyến", "Bình dân học vụ số"),
        ("III.2.h", "III.1.b"),
        gallery=(
            ("scene-class", "Người dân thực hành cài đặt ứng dụng VNeID trên điện thoại."),
            ("scene-fair", "Gian hỗ trợ dịch vụ công trực tuyến tại ngày hội của phường."),
        ),
    ),
    DemoArticle(
        "sinh-hoat-chuyen-de-nghi-quyet-57-doanh-nghiep",
        NQ57,
        K.NEWS,
        "QLKH",
        "Sinh hoạt chuyên đề về Nghị quyết 57 cho doanh nghiệp nhỏ và vừa",
        "Hơn 120 đại diện doanh nghiệp, hộ kinh doanh được giới thiệu các cơ chế, chính sách hỗ "
        "trợ đổi mới công nghệ, chuyển đổi số và bảo hộ sở hữu trí tuệ.",
        (
            "Buổi sinh hoạt chuyên đề do Sở phối hợp với Hiệp hội Doanh nghiệp tỉnh Quảng Ngãi tổ "
            "chức. Các báo cáo viên giới thiệu chính sách ưu đãi thuế, tín dụng cho hoạt động "
            "nghiên cứu và phát triển, Quỹ phát triển khoa học và công nghệ của doanh nghiệp.",
            "Nhiều doanh nghiệp nêu khó khăn khi tiếp cận vốn đổi mới công nghệ và đề nghị được "
            "hỗ trợ đánh giá trình độ công nghệ, xây dựng lộ trình chuyển đổi số phù hợp với quy "
            "mô của mình.",
        ),
        "dmst",
        ("Doanh nghiệp", "Nghị quyết 57", "Chuyển đổi số"),
        ("III.3.a", "III.3.b"),
        quote=(
            "Chúng tôi cần những hướng dẫn cụ thể, dễ làm để đưa phần mềm quản lý và bán hàng "
            "trực tuyến vào hoạt động hằng ngày.",
            "Bà Phạm Thị Hoa, Thư ký Hiệp hội Doanh nghiệp tỉnh Quảng Ngãi",
        ),
    ),
    DemoArticle(
        "infographic-phong-trao-binh-dan-hoc-vu-so",
        BDHVS,
        K.INFOGRAPHIC,
        "BCVT",
        "Infographic: Phong trào “Bình dân học vụ số” trên địa bàn tỉnh",
        "Tổ công nghệ số cộng đồng, lớp học kỹ năng số và lượt người dân được hướng dẫn sau "
        "những tháng đầu triển khai.",
        (
            "Phong trào “Bình dân học vụ số” hướng đến mục tiêu mỗi người dân đều có kỹ năng số "
            "cơ bản để sử dụng dịch vụ công trực tuyến, thanh toán số và tự bảo vệ mình trên "
            "không gian mạng.",
        ),
        "to-cns",
        ("Bình dân học vụ số", "Infographic", "Tổ công nghệ số cộng đồng"),
        ("III.1.b", "III.2.d", "III.2.h"),
        infographic="info-bdhvs",
    ),
    DemoArticle(
        "lop-hoc-tap-so-cho-cong-chuc-vien-chuc",
        BDHVS,
        K.NEWS,
        "TTCĐS",
        "Lớp “học tập số” cho công chức, viên chức: khai thác trợ lý ảo và nền tảng số",
        "Công chức, viên chức của Sở được hướng dẫn dùng trợ lý ảo, ký số, họp trực tuyến và "
        "quản lý văn bản điện tử an toàn.",
        (
            "Lớp học gồm 6 buổi, kết hợp học trực tuyến trên nền tảng học tập số với thực hành "
            "tại phòng máy của Trung tâm Chuyển đổi số và Đổi mới sáng tạo.",
            "Học viên thực hành tra cứu văn bản quy phạm pháp luật bằng trợ lý ảo, soạn thảo báo "
            "cáo có sự hỗ trợ của trí tuệ nhân tạo, kèm nguyên tắc kiểm chứng thông tin và bảo vệ "
            "dữ liệu cá nhân.",
            "Kết thúc khóa học, 96% học viên đạt yêu cầu bài kiểm tra cuối khóa.",
        ),
        "chat",
        ("Kỹ năng số", "Tập huấn", "Trí tuệ nhân tạo"),
        ("III.2.g",),
    ),
    DemoArticle(
        "son-ha-dua-nong-san-len-san-thuong-mai-dien-tu",
        CDS,
        K.NEWS,
        "BCVT",
        "Xã Sơn Hà đưa nông sản lên sàn thương mại điện tử",
        "Nhờ sự hướng dẫn của Tổ công nghệ số cộng đồng, 35 hộ và 3 hợp tác xã đã mở gian hàng "
        "trực tuyến, bán quế, mật ong và măng khô trên các sàn thương mại điện tử.",
        (
            "Từ đầu năm, xã phối hợp với Phòng Bưu chính - Viễn thông và Chuyển đổi số tổ chức các "
            "buổi hướng dẫn chụp ảnh sản phẩm, viết mô tả, đóng gói và giao hàng qua bưu điện.",
            "Sản phẩm được gắn mã QR truy xuất nguồn gốc, giúp người mua biết rõ vùng trồng, quy "
            "trình chăm sóc và chế biến.",
        ),
        "cds",
        ("Chuyển đổi số", "Kinh tế số", "Nông nghiệp"),
        ("III.1.c", "III.3.c"),
        quote=(
            "Trước đây quế chỉ bán cho thương lái, giờ khách ở Hà Nội, Thành phố Hồ Chí Minh đặt "
            "hàng trực tiếp, giá tốt hơn.",
            "Chị Đinh Thị Lanh, thành viên hợp tác xã quế xã Sơn Hà",
        ),
    ),
    DemoArticle(
        "cong-bo-bai-toan-cong-nghe-cua-doanh-nghiep",
        DMST,
        K.NEWS,
        "QLKH",
        "Công bố 15 “bài toán” công nghệ của doanh nghiệp cần nhà khoa học cùng giải",
        "Các bài toán tập trung vào chế biến nông, thủy sản, tiết kiệm năng lượng, xử lý chất "
        "thải và tự động hóa dây chuyền sản xuất.",
        (
            "Danh mục được tổng hợp từ đề xuất của doanh nghiệp qua khảo sát của Sở và Hiệp hội "
            "Doanh nghiệp tỉnh. Mỗi bài toán nêu rõ hiện trạng, yêu cầu kỹ thuật và mức kinh phí "
            "doanh nghiệp sẵn sàng đối ứng.",
            "Nhà khoa học, viện nghiên cứu, trường đại học, trong đó có Trường Đại học Phạm Văn "
            "Đồng, có thể đăng ký giải bài toán; giải pháp phù hợp được xem xét đặt hàng thành "
            "nhiệm vụ khoa học và công nghệ.",
        ),
        "dmst",
        ("Đổi mới sáng tạo", "Doanh nghiệp", "Nhà khoa học"),
        ("III.3.d",),
        facts=(
            "Một số bài toán tiêu biểu",
            (
                "Giảm hao hụt khi sấy tỏi, hành Lý Sơn",
                "Xử lý nước thải chế biến tinh bột sắn",
                "Giám sát ao nuôi tôm bằng cảm biến",
                "Tự động hóa khâu phân loại cá ngừ đại dương",
            ),
        ),
    ),
    DemoArticle(
        "video-nghi-quyet-57-di-vao-cuoc-song",
        NQ57,
        K.VIDEO,
        "TTCĐS",
        "Video: Nghị quyết 57 đi vào cuộc sống ở Quảng Ngãi",
        "Phóng sự 6 phút ghi lại những thay đổi từ phòng thí nghiệm, nhà máy đến thôn, làng khi "
        "khoa học, công nghệ và chuyển đổi số đi vào cuộc sống.",
        (
            "Video do Trung tâm Chuyển đổi số và Đổi mới sáng tạo thực hiện, được đăng trên Trang "
            "thông tin điện tử, kênh mạng xã hội của Sở và phát trên hệ thống thông tin cơ sở.",
        ),
        "nq57",
        ("Nghị quyết 57", "Video"),
        ("III.2.d", "III.1.c"),
        video=(
            "Nghị quyết 57 đi vào cuộc sống ở Quảng Ngãi",
            "Phóng sự gồm ba phần. Phần một: phòng thí nghiệm nuôi cấy mô nhân giống tỏi Lý Sơn "
            "sạch bệnh. Phần hai: một doanh nghiệp chế biến thủy sản tự động hóa khâu phân loại "
            "và truy xuất nguồn gốc. Phần ba: lớp “Bình dân học vụ số” ở phường Cẩm Thành, nơi "
            "người cao tuổi lần đầu tự nộp hồ sơ trực tuyến.",
        ),
    ),
    DemoArticle(
        "nghiem-thu-de-tai-nhan-giong-toi-ly-son",
        DMST,
        K.NEWS,
        "QLKH",
        "Nghiệm thu đề tài nhân giống tỏi Lý Sơn sạch bệnh bằng công nghệ nuôi cấy mô",
        "Đề tài hoàn thiện quy trình nhân giống in vitro, tạo 50.000 cây giống sạch bệnh và xây "
        "dựng mô hình trồng thử nghiệm 2 ha tại đặc khu Lý Sơn.",
        (
            "Hội đồng khoa học đánh giá đề tài đạt loại Khá. Năng suất tỏi ở mô hình thử nghiệm "
            "tăng 12–15% so với giống do nông dân tự để, tỷ lệ cây nhiễm bệnh thối nhũn giảm rõ "
            "rệt.",
            "Quy trình sẽ được chuyển giao cho doanh nghiệp và hợp tác xã sản xuất giống trên đặc "
            "khu; kết quả nghiên cứu được công bố trên chuyên mục và giới thiệu trên Báo Quảng "
            "Ngãi.",
        ),
        "nghien-cuu",
        ("Kết quả nghiên cứu", "Nông nghiệp công nghệ cao"),
        ("III.4.a", "III.4.c"),
        facts=(
            "Kết quả chính",
            (
                "Quy trình nhân giống tỏi Lý Sơn bằng nuôi cấy mô",
                "50.000 cây giống sạch bệnh",
                "Mô hình trồng thử nghiệm 2 ha",
                "01 bài báo khoa học đăng trên tạp chí chuyên ngành",
            ),
        ),
    ),
    DemoArticle(
        "cam-nang-ky-nang-so-song-ngu-viet-hre",
        BDHVS,
        K.PUBLICATION,
        "TTCĐS",
        "Cẩm nang kỹ năng số cơ bản song ngữ Việt – Hrê",
        "Cẩm nang hướng dẫn từng bước bằng hình ảnh cách dùng điện thoại thông minh, dịch vụ công "
        "trực tuyến và phòng tránh lừa đảo, dành cho đồng bào dân tộc thiểu số.",
        (
            "Cẩm nang được biên soạn với sự tham gia của già làng, người có uy tín và giáo viên "
            "người Hrê, bảo đảm cách diễn đạt gần gũi, dễ hiểu.",
            "Bên cạnh bản in, cẩm nang có các video clip ngắn có phụ đề, phát trên mạng xã hội và "
            "hệ thống loa truyền thanh của các xã miền núi.",
        ),
        "an-pham",
        ("Bình dân học vụ số", "Ấn phẩm", "Dân tộc thiểu số"),
        ("III.2.f", "III.1.b"),
    ),
    DemoArticle(
        "nguoi-dan-nghia-lo-di-cho-bang-ma-qr",
        CDS,
        K.NEWS,
        "BCVT",
        "Người dân phường Nghĩa Lộ đi chợ bằng mã QR",
        "95% tiểu thương tại chợ đã đăng ký thanh toán bằng mã QR; mỗi ngày có khoảng 1.200 giao "
        "dịch không dùng tiền mặt.",
        (
            "Mô hình “Chợ 4.0” được triển khai với sự hỗ trợ của các ngân hàng và doanh nghiệp "
            "viễn thông; Tổ công nghệ số cộng đồng của phường đến từng quầy hướng dẫn tiểu thương "
            "mở tài khoản, in và dán mã QR.",
            "Người mua chỉ cần quét mã để thanh toán, không lo tiền lẻ; tiểu thương theo dõi được "
            "doanh thu hằng ngày trên điện thoại.",
        ),
        "bdhvs",
        ("Chuyển đổi số", "Thanh toán số", "Kinh tế số"),
        ("III.1.c",),
    ),
    DemoArticle(
        "clip-3-buoc-kich-hoat-dinh-danh-dien-tu-muc-2",
        BDHVS,
        K.CLIP,
        "BCVT",
        "Clip: 3 bước kích hoạt tài khoản định danh điện tử mức 2",
        "Clip 60 giây hướng dẫn kích hoạt tài khoản VNeID mức 2 ngay trên điện thoại, hưởng ứng "
        "phong trào “Bình dân học vụ số”.",
        (
            "Clip được dựng theo khung hình dọc, phù hợp xem trên điện thoại và chia sẻ qua mạng "
            "xã hội; có phụ đề tiếng Việt để xem được cả khi tắt tiếng.",
        ),
        "bdhvs",
        ("Bình dân học vụ số", "Video", "Dịch vụ công trực tuyến"),
        ("III.2.d", "III.1.b"),
        video=(
            "3 bước kích hoạt tài khoản định danh điện tử mức 2",
            "Bước 1: Tải ứng dụng VNeID từ kho ứng dụng chính thức. Bước 2: Đăng nhập bằng số "
            "định danh cá nhân và mật khẩu được cấp, sau đó đổi mật khẩu. Bước 3: Thiết lập mã "
            "bảo vệ, kiểm tra thông tin cá nhân và bật xác thực khi đăng nhập.",
        ),
    ),
    DemoArticle(
        "infographic-nhiem-vu-khoa-hoc-va-cong-nghe-cap-tinh",
        DMST,
        K.INFOGRAPHIC,
        "QLKH",
        "Infographic: Nhiệm vụ khoa học và công nghệ cấp tỉnh qua những con số",
        "Số nhiệm vụ đang thực hiện, đã nghiệm thu, kết quả đã chuyển giao và đơn đăng ký sáng "
        "chế của các nhiệm vụ khoa học và công nghệ cấp tỉnh.",
        (
            "Kết quả nghiên cứu đã nghiệm thu được công khai trên chuyên mục để doanh nghiệp, hợp "
            "tác xã và người dân tìm hiểu, đặt hàng chuyển giao.",
        ),
        "nghien-cuu",
        ("Kết quả nghiên cứu", "Infographic"),
        ("III.4.a", "III.4.d"),
        infographic="info-khcn",
    ),
    DemoArticle(
        "chuyen-giao-quy-trinh-nuoi-tom-tuan-hoan",
        DMST,
        K.NEWS,
        "QLKH",
        "Chuyển giao quy trình nuôi tôm thẻ chân trắng tuần hoàn tiết kiệm nước",
        "Kết quả đề tài khoa học cấp tỉnh được chuyển giao cho hai hợp tác xã nuôi trồng thủy sản "
        "ven biển, giúp giảm 60% lượng nước thay và hạn chế dịch bệnh.",
        (
            "Quy trình sử dụng hệ thống lọc sinh học, cảm biến đo oxy hòa tan, nhiệt độ, độ pH và "
            "gửi cảnh báo qua điện thoại khi các chỉ số vượt ngưỡng.",
            "Nhóm nghiên cứu hướng dẫn trực tiếp tại ao nuôi trong suốt vụ đầu tiên; các hợp tác "
            "xã cam kết nhân rộng mô hình sau khi đánh giá hiệu quả.",
        ),
        "nghien-cuu",
        ("Kết quả nghiên cứu", "Chuyển giao công nghệ", "Kinh tế biển"),
        ("III.4.c", "III.4.a"),
        quote=(
            "Điện thoại báo ngay khi oxy trong ao xuống thấp, chúng tôi không còn phải thức canh "
            "ao cả đêm như trước.",
            "Anh Trần Văn Minh, thành viên hợp tác xã nuôi trồng thủy sản",
        ),
    ),
    DemoArticle(
        "ra-mat-ban-tin-dien-tu-khoa-hoc-cong-nghe-chuyen-doi-so",
        NQ57,
        K.PUBLICATION,
        "TTCĐS",
        "Ra mắt Bản tin điện tử Khoa học, Công nghệ và Chuyển đổi số",
        "Bản tin phát hành hằng tháng, tổng hợp hoạt động nổi bật, chính sách mới và mô hình hay "
        "về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh.",
        (
            "Bản tin được trình bày dễ đọc trên điện thoại và được gửi qua thư điện tử đến các cơ "
            "quan, đơn vị, doanh nghiệp đăng ký nhận.",
            "Số đầu tiên giới thiệu kết quả triển khai Kế hoạch 2725/KH-SKHCN, phong trào “Bình "
            "dân học vụ số” và danh mục bài toán công nghệ của doanh nghiệp.",
        ),
        "chat",
        ("Ấn phẩm", "Bản tin"),
        ("III.2.d", "III.2.e"),
    ),
    DemoArticle(
        "do-hoa-chuyen-dong-tu-y-tuong-den-san-pham",
        DMST,
        K.MOTION_GRAPHICS,
        "TTCĐS",
        "Đồ họa chuyển động: Hành trình từ ý tưởng đến sản phẩm đổi mới sáng tạo",
        "Video đồ họa 90 giây giới thiệu các bước hỗ trợ của Nhà nước cho một ý tưởng khởi "
        "nghiệp: ươm tạo, bảo hộ sở hữu trí tuệ, thử nghiệm và thương mại hóa.",
        (
            "Sản phẩm thuộc loạt đồ họa chuyển động giải thích chính sách bằng hình ảnh, dành cho "
            "học sinh, sinh viên và doanh nghiệp khởi nghiệp.",
        ),
        "dmst",
        ("Đổi mới sáng tạo", "Khởi nghiệp", "Sở hữu trí tuệ"),
        ("III.2.d", "III.2.g"),
        video=(
            "Hành trình từ ý tưởng đến sản phẩm đổi mới sáng tạo",
            "Một ý tưởng tốt cần được ươm tạo, bảo hộ và đưa ra thị trường. Bước 1: đăng ký tham "
            "gia chương trình ươm tạo. Bước 2: nộp đơn bảo hộ sở hữu trí tuệ. Bước 3: thử nghiệm "
            "sản phẩm với khách hàng đầu tiên. Bước 4: kết nối nhà đầu tư và thương mại hóa.",
        ),
    ),
    DemoArticle(
        "infographic-chuyen-doi-so-cap-xa",
        CDS,
        K.INFOGRAPHIC,
        "BCVT",
        "Infographic: Chuyển đổi số cấp xã qua những con số",
        "Hạ tầng số, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt ở các xã, phường, "
        "đặc khu.",
        (
            "Chuyển đổi số cấp xã là nền tảng để người dân được hưởng lợi trực tiếp từ chính "
            "quyền số, kinh tế số và xã hội số.",
        ),
        "cds",
        ("Chuyển đổi số", "Infographic"),
        ("III.2.d", "III.1.c"),
        infographic="info-cds",
    ),
    DemoArticle(
        "trao-giai-cuoc-thi-y-tuong-khoi-nghiep-doi-moi-sang-tao",
        DMST,
        K.NEWS,
        "QLKH",
        "Trao giải Cuộc thi Ý tưởng khởi nghiệp đổi mới sáng tạo: 12 ý tưởng được vinh danh",
        "Giải Nhất thuộc về ý tưởng hệ thống cảm biến giám sát ao nuôi tôm giá rẻ của nhóm sinh "
        "viên Trường Đại học Phạm Văn Đồng.",
        (
            "Kết thúc thời gian nhận hồ sơ, Ban Tổ chức nhận 86 ý tưởng; 12 đội vào vòng chung "
            "kết thuyết trình trước hội đồng giám khảo gồm nhà khoa học, nhà đầu tư và doanh "
            "nhân.",
            "Các đội đạt giải được tham gia chương trình ươm tạo 6 tháng, được tư vấn đăng ký bảo "
            "hộ sở hữu trí tuệ và kết nối với các quỹ đầu tư.",
        ),
        "dmst",
        ("Đổi mới sáng tạo", "Khởi nghiệp", "Cuộc thi"),
        ("III.2.g", "III.1.c"),
        facts=(
            "Kết quả",
            (
                "86 ý tưởng dự thi, 12 ý tưởng vào chung kết",
                "Giải Nhất: cảm biến giám sát ao nuôi tôm giá rẻ",
                "Giải Nhì: du lịch thông minh đặc khu Lý Sơn; truy xuất nguồn gốc quế Trà Bồng",
            ),
        ),
    ),
    DemoArticle(
        "video-mot-nam-chuyen-doi-so-o-co-so",
        CDS,
        K.VIDEO,
        "TTCĐS",
        "Video: Một năm chuyển đổi số ở cơ sở",
        "Câu chuyện của cán bộ xã, thành viên Tổ công nghệ số cộng đồng và người dân sau một năm "
        "triển khai chuyển đổi số ở cơ sở.",
        (
            "Video được sản xuất để phát trên Trang thông tin điện tử, mạng xã hội của Sở và hệ "
            "thống thông tin cơ sở của các xã, phường.",
        ),
        "to-cns",
        ("Chuyển đổi số", "Video", "Tổ công nghệ số cộng đồng"),
        ("III.2.d",),
        video=(
            "Một năm chuyển đổi số ở cơ sở",
            "Cán bộ một phường kể về việc số hóa hồ sơ hộ tịch; một thành viên Tổ công nghệ số "
            "cộng đồng chia sẻ cách hướng dẫn người cao tuổi; tiểu thương chợ Nghĩa Lộ nói về "
            "thanh toán bằng mã QR.",
        ),
    ),
    DemoArticle(
        "thu-nghiem-tro-ly-ao-giai-dap-thu-tuc-hanh-chinh",
        CDS,
        K.NEWS,
        "TTCĐS",
        "Thử nghiệm trợ lý ảo giải đáp thủ tục hành chính lĩnh vực khoa học và công nghệ",
        "Trợ lý ảo trả lời câu hỏi thường gặp về đăng ký nhiệm vụ khoa học, sở hữu trí tuệ, tiêu "
        "chuẩn, đo lường, chất lượng, hoạt động suốt ngày đêm.",
        (
            "Trợ lý ảo được Trung tâm Chuyển đổi số và Đổi mới sáng tạo xây dựng từ cơ sở dữ liệu "
            "thủ tục hành chính của Sở; nội dung trả lời được các phòng chuyên môn kiểm duyệt.",
            "Trong giai đoạn thử nghiệm, người dùng được mời đánh giá mức độ hữu ích của từng câu "
            "trả lời để đội ngũ kỹ thuật tiếp tục hoàn thiện.",
        ),
        "chat",
        ("Chuyển đổi số", "Trí tuệ nhân tạo", "Dịch vụ công trực tuyến"),
        ("III.2.a", "III.2.c"),
    ),
    DemoArticle(
        "so-ket-6-thang-ke-hoach-truyen-thong-nghi-quyet-57",
        NQ57,
        K.NEWS,
        "QLKH",
        "Sơ kết 6 tháng thực hiện Kế hoạch truyền thông Nghị quyết 57",
        "Chuyên mục Nghị quyết 57 được duy trì đều đặn, cả ba đơn vị có nhiệm vụ truyền thông đều "
        "có sản phẩm đăng tải; một số nhiệm vụ còn chậm do thiếu kinh phí.",
        (
            "Theo báo cáo tổng hợp của Phòng Quản lý khoa học và Đổi mới sáng tạo, tháng nào "
            "chuyên mục cũng có tin bài mới; các phòng, đơn vị đã gửi báo cáo 6 tháng đúng hạn.",
            "Một số nhiệm vụ còn chậm do thiếu kinh phí và nhân lực, nhất là việc mở rộng tập "
            "huấn cho Tổ công nghệ số cộng đồng ở các xã miền núi.",
            "Lãnh đạo Sở yêu cầu các phòng, đơn vị chủ động đề xuất nhiệm vụ cho 6 tháng cuối năm, "
            "gắn sản phẩm truyền thông với các sự kiện ngày 1/10 và 10/10.",
        ),
        "scene-conference",
        ("Nghị quyết 57", "Báo cáo"),
        ("III.1.a",),
        yearly=(6, 22, 0),
        facts=(
            "Nhiệm vụ 6 tháng cuối năm",
            (
                "Chuẩn bị hoạt động hưởng ứng Ngày hội Đổi mới sáng tạo quốc gia 1/10 và Ngày "
                "Chuyển đổi số quốc gia 10/10",
                "Mở rộng tập huấn Tổ công nghệ số cộng đồng",
                "Phát hành ấn phẩm, tài liệu truyền thông theo nhóm đối tượng",
            ),
        ),
    ),
    DemoArticle(
        "toa-dam-khoa-hoc-cong-nghe-dong-hanh-cung-doanh-nghiep",
        DMST,
        K.NEWS,
        "QLKH",
        "Tọa đàm “Khoa học, công nghệ đồng hành cùng doanh nghiệp” nhân Ngày Khoa học và Công "
        "nghệ Việt Nam 18/5",
        "Nhà khoa học, doanh nghiệp và cơ quan quản lý cùng thảo luận giải pháp đưa kết quả "
        "nghiên cứu vào sản xuất, kinh doanh.",
        (
            "Tọa đàm do Sở phối hợp với Trường Đại học Phạm Văn Đồng tổ chức, thu hút hơn 150 đại "
            "biểu. Các tham luận tập trung vào cơ chế đặt hàng nghiên cứu, chính sách ưu đãi cho "
            "nhà khoa học và vai trò trung tâm đổi mới sáng tạo của doanh nghiệp.",
            "Dịp này, Sở trao Giấy khen cho 5 tập thể và 10 cá nhân có thành tích tiêu biểu trong "
            "hoạt động khoa học, công nghệ và đổi mới sáng tạo.",
        ),
        "nghien-cuu",
        ("Ngày Khoa học và Công nghệ Việt Nam", "Doanh nghiệp", "Nhà khoa học"),
        ("III.1.d", "III.4.b"),
        yearly=(5, 18, 0),
        quote=(
            "Doanh nghiệp nêu bài toán, nhà khoa học tìm lời giải, Nhà nước đồng hành về cơ chế "
            "và kinh phí – đó là tinh thần của Nghị quyết 57.",
            "Ông Phan Văn Hiếu, Phó Giám đốc Sở Khoa học và Công nghệ",
        ),
    ),
    DemoArticle(
        "ngay-hoi-doi-moi-sang-tao-tinh-quang-ngai",
        DMST,
        K.NEWS,
        "QLKH",
        "Ngày hội Đổi mới sáng tạo tỉnh Quảng Ngãi hưởng ứng Ngày hội Đổi mới sáng tạo quốc gia "
        "1/10",
        "Ngày hội quy tụ 40 gian trưng bày sản phẩm, giải pháp đổi mới sáng tạo của doanh nghiệp, "
        "trường học và các nhóm khởi nghiệp.",
        (
            "Khách tham quan được trải nghiệm robot giáo dục của học sinh, hệ thống tưới tiêu "
            "thông minh, ứng dụng du lịch thực tế ảo đặc khu Lý Sơn và sản phẩm OCOP có truy xuất "
            "nguồn gốc.",
            "Trong khuôn khổ ngày hội diễn ra diễn đàn “Khởi nghiệp đổi mới sáng tạo – từ ý tưởng "
            "đến thị trường” và phiên kết nối các nhóm khởi nghiệp với nhà đầu tư.",
        ),
        "scene-fair",
        ("Ngày hội Đổi mới sáng tạo quốc gia", "Đổi mới sáng tạo", "Khởi nghiệp"),
        ("III.1.d", "III.3.c"),
        yearly=(10, 1, 0),
        facts=(
            "Ngày hội qua những con số",
            (
                "40 gian trưng bày",
                "Hơn 2.000 lượt khách tham quan",
                "12 phiên trình diễn công nghệ",
                "8 biên bản ghi nhớ hợp tác được ký kết",
            ),
        ),
    ),
    DemoArticle(
        "anh-gian-trung-bay-ngay-hoi-doi-moi-sang-tao",
        DMST,
        K.PHOTO,
        "TTCĐS",
        "Ảnh: Gian trưng bày sản phẩm đổi mới sáng tạo tại Ngày hội 1/10",
        "Sản phẩm, giải pháp công nghệ của doanh nghiệp, nhà trường và các nhóm khởi nghiệp thu "
        "hút đông đảo khách tham quan.",
        (
            "Ngày hội là dịp để doanh nghiệp, nhóm khởi nghiệp giới thiệu sản phẩm, tìm kiếm đối "
            "tác và nhà đầu tư; học sinh, sinh viên được truyền cảm hứng sáng tạo.",
        ),
        "scene-stage",
        ("Ngày hội Đổi mới sáng tạo quốc gia", "Đổi mới sáng tạo"),
        ("III.1.d", "III.3.c"),
        yearly=(10, 1, 1),
        gallery=(
            (
                "scene-fair",
                "Các gian sản phẩm OCOP số, giải pháp chuyển đổi số và khởi nghiệp sáng tạo.",
            ),
            ("scene-stage", "Diễn đàn “Khởi nghiệp đổi mới sáng tạo – từ ý tưởng đến thị trường”."),
        ),
    ),
    DemoArticle(
        "chuoi-hoat-dong-huong-ung-ngay-chuyen-doi-so-quoc-gia",
        CDS,
        K.NEWS,
        "BCVT",
        "Chuỗi hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 thu hút 1.250 lượt người "
        "tham gia",
        "Hội thảo, ngày hội trải nghiệm công nghệ và các điểm hỗ trợ người dân sử dụng dịch vụ "
        "công trực tuyến được tổ chức đồng loạt tại nhiều xã, phường.",
        (
            "Hoạt động năm nay nhấn mạnh vai trò của dữ liệu số và kỹ năng số của người dân. Tại "
            "hội thảo, các đại biểu chia sẻ kinh nghiệm xây dựng chính quyền số cấp xã, số hóa hồ "
            "sơ và ứng dụng trí tuệ nhân tạo trong giải quyết thủ tục hành chính.",
            "Tại các điểm hỗ trợ, Tổ công nghệ số cộng đồng hướng dẫn hàng trăm người dân kích "
            "hoạt định danh điện tử, cài đặt ứng dụng thanh toán và nhận diện tin nhắn lừa đảo.",
        ),
        "cds",
        ("Ngày Chuyển đổi số quốc gia", "Chuyển đổi số", "Dịch vụ công trực tuyến"),
        ("III.1.d",),
        yearly=(10, 10, 0),
        quote=(
            "Chuyển đổi số chỉ thành công khi người dân thấy được lợi ích cụ thể trong cuộc sống "
            "hằng ngày.",
            "Bà Lê Thị Ánh, chuyên viên Phòng Bưu chính - Viễn thông và Chuyển đổi số",
        ),
    ),
    DemoArticle(
        "anh-khong-khi-ngay-chuyen-doi-so-cam-thanh",
        CDS,
        K.PHOTO,
        "TTCĐS",
        "Ảnh: Không khí Ngày Chuyển đổi số tại phường Cẩm Thành",
        "Người dân, học sinh và tiểu thương hào hứng trải nghiệm các dịch vụ số tại ngày hội.",
        (
            "Ngày hội do Ủy ban nhân dân phường phối hợp với Trung tâm Chuyển đổi số và Đổi mới "
            "sáng tạo tổ chức, với các khu trải nghiệm, hướng dẫn và giới thiệu giải pháp số.",
        ),
        "scene-stage",
        ("Ngày Chuyển đổi số quốc gia", "Chuyển đổi số"),
        ("III.1.d", "III.1.b"),
        yearly=(10, 10, 1),
        gallery=(
            ("scene-stage", "Khai mạc ngày hội hưởng ứng Ngày Chuyển đổi số quốc gia."),
            ("scene-class", "Lớp hướng dẫn kỹ năng số cho người dân tại nhà văn hóa."),
            ("scene-fair", "Các gian giới thiệu giải pháp chuyển đổi số của doanh nghiệp."),
        ),
    ),
]


# --- when each article was published ----------------------------------------------------------


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _latest_occurrence(yearly: tuple[int, int, int], earliest: date, latest: date) -> date | None:
    month, day, days_after = yearly
    for year in range(latest.year, earliest.year - 1, -1):
        candidate = date(year, month, day) + timedelta(days=days_after)
        if earliest <= candidate <= latest:
            return candidate
    return None


def publication_times(*, today: date) -> dict[str, datetime]:
    """When each demo article was published, all before today (in the agency's time zone).

    Fixed and yearly dates come first; the other articles are spread in list order over the
    months from the plan's issue to yesterday, so that every month has at least one item (as
    long as there are more such articles than months).
    """
    first = PLAN_ISSUED + timedelta(days=1)
    last = max(today - timedelta(days=1), first)
    days: dict[str, date] = {}
    spread = []
    for article in ARTICLES:
        day = None
        if article.on is not None:
            day = min(article.on, last)
        elif article.yearly is not None:
            day = _latest_occurrence(article.yearly, first, last)
        if day is None:
            spread.append(article)
        else:
            days[article.slug] = day
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _month_after(month)
    for index, article in enumerate(spread):
        month = months[index * len(months) // len(spread)]
        start = max(month, first)
        end = min(_month_after(month) - timedelta(days=1), last)
        days[article.slug] = start + timedelta(days=(index * 11 + 4) % ((end - start).days + 1))
    zone = timezone.get_default_timezone()
    return {
        article.slug: timezone.make_aware(
            datetime.combine(days[article.slug], time(7 + index % 10, (index * 17) % 60)), zone
        )
        for index, article in enumerate(ARTICLES)
    }


# --- building ------------------------------------------------------------------------------------


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _draw(picture: Picture):
    options = {**picture.options, "seed": sum(map(ord, picture.key))}
    if picture.draw == "featured":
        return demo_images.featured_image(**options), "JPEG"
    if picture.draw == "infographic":
        return demo_images.infographic_image(**options), "PNG"
    return demo_images.scene_image(**options), "JPEG"


def pictures_load() -> tuple[dict[str, object], int]:
    """The demo pictures as Wagtail images, drawn the first time; ({key: image}, drawn)."""
    image_model = get_image_model()
    collection = _collection()
    existing = {image.title: image for image in image_model.objects.filter(collection=collection)}
    images, drawn = {}, 0
    for picture in PICTURES:
        image = existing.get(picture.title)
        if image is None:
            drawing, format = _draw(picture)
            data = demo_images.image_bytes(drawing, format=format)
            extension = "png" if format == "PNG" else "jpg"
            image = image_model(
                title=picture.title,
                description=picture.alt,
                collection=collection,
                file=ImageFile(io.BytesIO(data), name=f"demo-{picture.key}.{extension}"),
                file_size=len(data),
                file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            )
            image.save()
            drawn += 1
        images[picture.key] = image
    return images, drawn


def _image_value(image) -> dict:
    return {"image": image.pk, "alt_text": image.description, "decorative": False}


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def article_body(article: DemoArticle, images: dict) -> list[dict]:
    """The article's StreamField blocks: its first paragraph, its picture, graphic or video,
    then the rest, a fact box and a quote."""
    blocks = [_paragraph(article.paragraphs[0])]
    if article.infographic:
        picture = PICTURES_BY_KEY[article.infographic]
        blocks.append(
            {
                "type": "infographic",
                "value": {
                    "image": _image_value(images[picture.key]),
                    "title": picture.options["title"],
                    "text_alternative": picture.text_alternative(),
                    "document": None,
                },
            }
        )
    if article.gallery:
        blocks.append(
            {
                "type": "gallery",
                "value": {
                    "title": "",
                    "images": [
                        {
                            "image": _image_value(images[key]),
                            "caption": caption,
                            "credit": "Ảnh minh họa",
                        }
                        for key, caption in article.gallery
                    ],
                },
            }
        )
    if article.video:
        title, transcript = article.video
        blocks.append(
            {
                "type": "video",
                "value": {
                    "url": f"{VIDEO_BASE_URL}{article.slug}",
                    "title": title,
                    "transcript": transcript,
                },
            }
        )
    blocks += [_paragraph(text) for text in article.paragraphs[1:]]
    if article.facts:
        title, items = article.facts
        points = "".join(f"<li>{escape(item)}</li>" for item in items)
        blocks.append({"type": "fact_box", "value": {"title": title, "body": f"<ul>{points}</ul>"}})
    if article.quote:
        quote, attribution = article.quote
        blocks.append({"type": "quote", "value": {"quote": quote, "attribution": attribution}})
    return _nfc(blocks)


def _nfc(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, dict):
        return {key: _nfc(item) for key, item in value.items()}
    return value


def article_publish(
    *, article: DemoArticle, section: SectionPage, unit, images, tasks, users, moment: datetime
) -> ArticlePage:
    author = users.get(AUTHORS.get(article.unit, ""))
    page = ArticlePage(
        title=nfc(article.title),
        slug=article.slug,
        kind=article.kind,
        lead=nfc(article.lead),
        body=article_body(article, images),
        featured_image=images[article.image],
        authoring_unit=unit,
        owner=author,
        locale_id=section.locale_id,
    )
    page.plan_tasks = [tasks[path] for path in article.tasks if path in tasks]
    page.tags.add(*(nfc(tag) for tag in article.tags))
    section.add_child(instance=page)
    revision = page.save_revision(user=author)
    # The demo stands in for the editors' approval, whatever roles the demo accounts hold.
    revision.publish(user=users.get(PUBLISHER) or author, skip_permission_checks=True)
    # Back-date it: the demo tells the story of the months since the plan was issued.
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment, latest_revision_created_at=moment
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=moment)
    PageLogEntry.objects.filter(page=page).update(timestamp=moment)
    return page


def portal_demo_load() -> list[str]:
    """The demo loader registered for `load_demo`: pictures and articles; safe to run again."""
    started = clock.monotonic()
    organisation = home_organisation()
    if organisation is None:
        return ["Portal demo skipped: load the agency first (manage.py load_agency)."]
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        # The articles are evidence for the plan's tasks and its targets T1 and T3.
        return ["Portal demo skipped: load Plan 2725 first (manage.py load_plan)."]
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        home = portal_setup(folder=settings.BASE_DIR / "data/agencies/quang-ngai")
    sections = {section.slug: section for section in SectionPage.objects.child_of(home).specific()}
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=organisation)}
    tasks = {node.path: node for node in plan.nodes.current().tasks()}
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=[*AUTHORS.values(), PUBLISHER])
    }
    images, drawn = pictures_load()
    moments = publication_times(today=timezone.localdate())

    created = skipped = 0
    for article in ARTICLES:
        section = sections.get(article.section)
        if section is None:
            skipped += 1
            continue
        if section.get_children().filter(slug=article.slug).exists():
            continue
        article_publish(
            article=article,
            section=section,
            unit=units.get(article.unit),
            images=images,
            tasks=tasks,
            users=users,
            moment=moments[article.slug],
        )
        created += 1
    lines = [
        f"Portal: {created} demo articles published, {drawn} demo pictures drawn "
        f"({clock.monotonic() - started:.1f} s)."
    ]
    if skipped:
        lines.append(f"Portal: {skipped} demo articles skipped (their section is missing).")
    return lines
