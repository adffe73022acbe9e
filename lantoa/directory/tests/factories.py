import factory
from django.contrib.auth import get_user_model

from lantoa.directory.models import (
    ExternalContact,
    ExternalOrganisation,
    ExternalOrganisationKind,
    Organisation,
    Person,
    Unit,
    UnitKind,
)

TEST_PASSWORD = "Mật-khẩu-thử-2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = "skhcn-test"
    name = "Sở Khoa học và Công nghệ tỉnh Thử Nghiệm"
    short_name = "SKHCN"
    superior_body = "UBND TỈNH THỬ NGHIỆM"
    document_symbol = "SKHCN"
    place_name = "Thử Nghiệm"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"DV{n}")
    name = factory.LazyAttribute(lambda unit: f"Phòng {unit.code}")
    kind = UnitKind.DIVISION


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Trần Văn Đức {n}")
    position = "Chuyên viên"


class ExternalOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalOrganisation

    name = factory.Sequence(lambda n: f"Báo Khoa học số {n}")
    kind = ExternalOrganisationKind.PRESS


class ExternalContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalContact

    organisation = factory.SubFactory(ExternalOrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Lê Thị Hoa {n}")
