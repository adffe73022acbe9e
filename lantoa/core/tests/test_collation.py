"""Vietnamese alphabetical order: the key, Python sorting, and the databases' byte order."""

import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection

from lantoa.core.collation import (
    CollationKeyField,
    collation_keys_fill,
    sort_key,
    sorted_vietnamese,
)
from lantoa.directory.models import ExternalOrganisation, Person, Unit
from lantoa.directory.tests.factories import ExternalOrganisationFactory, PersonFactory

# A list in the order a Vietnamese reader expects it, checked against ICU by hand: letters
# (ă after a, â after ă, đ after d…), then tones, then case, word by word.
VIETNAMESE_ORDER = [
    "an",
    "An",
    "Anh",
    "Ánh",
    "Ăn",
    "Ân",
    "Bảo",
    "Da",
    "Dung",
    "Dũng",
    "Duy",
    "Đà Nẵng",
    "Đức",
    "Em",
    "Ê-đê",
    "Hà",
    "Hà Giang",
    "Hạ Long",  # Letters first: "ha l…" before "ha m…", whatever the tones.
    "Hà My",
    "Hải",
    "Nguyễn Văn An",
    "Nguyễn Văn Anh",
    "Nguyễn Văn Ánh",
    "Nguyễn Văn Ân",
    "Ô Môn",
    "Ơn",
    "Uyên",
    "Ưng",
    "Ứng",
    "Yến",
]


def _shuffled(items):
    return list(reversed(items[::2])) + items[1::2]


class TestSortKey:
    def test_breve_and_circumflex_follow_the_plain_letter(self):
        assert sorted_vietnamese(["Ân", "Ăn", "An"]) == ["An", "Ăn", "Ân"]
        # Code-point order, for contrast: what the lists showed before.
        assert sorted(["Ân", "Ăn", "An"]) == ["An", "Ân", "Ăn"]

    def test_d_with_stroke_follows_d_not_z(self):
        assert sorted_vietnamese(["Đà Nẵng", "Duy", "Zô"]) == ["Duy", "Đà Nẵng", "Zô"]
        assert sorted_vietnamese(["Đức", "Dũng"]) == ["Dũng", "Đức"]

    def test_tones_come_after_the_letters_in_icu_order(self):
        # ICU's (CLDR's) Vietnamese tone order: none, huyền, hỏi, ngã, sắc, nặng.
        tones = ["a", "à", "ả", "ã", "á", "ạ"]
        assert sorted_vietnamese(reversed(tones)) == tones
        # A tone decides only between otherwise equal words: "ánh" < "bà".
        assert sorted_vietnamese(["bà", "ánh", "ạ", "b"]) == ["ạ", "ánh", "b", "bà"]

    def test_case_breaks_ties_after_tones(self):
        assert sorted_vietnamese(["Á", "á", "A", "a"]) == ["a", "A", "á", "Á"]
        assert sorted_vietnamese(["VIỆT NAM", "Viet Nam", "viet nam", "Việt Nam"]) == [
            "viet nam",
            "Viet Nam",
            "Việt Nam",
            "VIỆT NAM",
        ]

    def test_full_names(self):
        assert sorted_vietnamese(["Nguyễn Văn Ánh", "Nguyễn Văn An"]) == [
            "Nguyễn Văn An",
            "Nguyễn Văn Ánh",
        ]

    def test_word_by_word(self):
        # A space sorts before any letter, as in a Vietnamese dictionary: "Hà My" is a word
        # "Hà" first, so it comes before "Hải".
        assert sorted_vietnamese(["Hải", "Hà My", "Hà"]) == ["Hà", "Hà My", "Hải"]

    def test_a_longer_list(self):
        assert sorted_vietnamese(_shuffled(VIETNAMESE_ORDER)) == VIETNAMESE_ORDER

    def test_decomposed_text_sorts_as_composed(self):
        for name in ["Nguyễn Văn Ánh", "Đặng Thị Ngọc Ẩn", "Ưng Hoàng Phúc"]:
            decomposed = unicodedata.normalize("NFD", name)
            assert decomposed != name
            assert sort_key(decomposed) == sort_key(name)

    def test_spaces_around_and_between_words_do_not_count(self):
        assert sort_key("  Nguyễn   Văn An ") == sort_key("Nguyễn Văn An")

    def test_empty_and_none(self):
        assert sort_key(None) == sort_key("") < sort_key("a")

    def test_sorted_vietnamese_takes_a_key_and_is_stable(self):
        rows = [("Ánh", 1), ("An", 2), ("ánh", 3), ("Ánh", 4)]
        assert sorted_vietnamese(rows, key=lambda row: row[0]) == [
            ("An", 2),
            ("ánh", 3),
            ("Ánh", 1),
            ("Ánh", 4),
        ]
        assert sorted_vietnamese(["An", "Ân", "Ăn"], reverse=True) == ["Ân", "Ăn", "An"]


@pytest.mark.django_db
class TestDatabaseOrder:
    def test_the_database_compares_keys_as_python_does(self):
        """SQLite compares BLOBs and PostgreSQL bytea with memcmp, as Python compares bytes:
        every pair of the list in one query, on whichever database the suite runs on."""
        keys = [sort_key(name) for name in VIETNAMESE_ORDER]
        pairs = [(a, b) for a in keys for b in keys if a != b]
        field = CollationKeyField(source="name")
        params = [field.get_db_prep_value(key, connection) for pair in pairs for key in pair]
        sql = "SELECT " + ", ".join(["%s < %s"] * len(pairs))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            answers = [bool(value) for value in cursor.fetchone()]
        assert answers == [a < b for a, b in pairs]

    def test_order_by_the_key_column(self):
        for name in _shuffled(VIETNAMESE_ORDER):
            ExternalOrganisationFactory(name=name)
        listed = list(
            ExternalOrganisation.objects.order_by("name_key").values_list("name", flat=True)
        )
        assert listed == VIETNAMESE_ORDER
        by_name = list(ExternalOrganisation.objects.order_by("name").values_list("name", flat=True))
        assert by_name != VIETNAMESE_ORDER  # What the column itself would have given.


@pytest.mark.django_db
class TestCollationKeyField:
    def test_filled_on_save_from_nfc_text(self):
        organisation = ExternalOrganisationFactory(name=unicodedata.normalize("NFD", "Đức Phổ"))
        organisation.refresh_from_db()
        assert bytes(organisation.name_key) == sort_key("Đức Phổ")

    def test_follows_a_rename_saved_with_update_fields(self):
        person = PersonFactory(full_name="An")
        person.full_name = "Ánh"
        person.save(update_fields=["full_name"])
        person.refresh_from_db()
        assert bytes(person.full_name_key) == sort_key("Ánh")

    def test_follows_bulk_create(self):
        ExternalOrganisation.objects.bulk_create(
            [ExternalOrganisation(name="Đà Lạt", kind="other")]
        )
        assert bytes(ExternalOrganisation.objects.get().name_key) == sort_key("Đà Lạt")

    def test_is_not_offered_in_forms_and_deconstructs_with_its_source(self):
        field = Unit._meta.get_field("name_key")
        assert not field.editable
        _name, path, _args, kwargs = field.deconstruct()
        assert path == "lantoa.core.collation.CollationKeyField"
        assert kwargs["source"] == "name"

    def test_fill_rewrites_only_stale_keys(self):
        fresh = PersonFactory(full_name="Bảo")
        stale = PersonFactory(full_name="Ánh")
        Person.objects.filter(pk=stale.pk).update(full_name_key=b"")
        assert collation_keys_fill(Person) == 1
        stale.refresh_from_db()
        fresh.refresh_from_db()
        assert bytes(stale.full_name_key) == sort_key("Ánh")
        assert collation_keys_fill(Person) == 0

    def test_refresh_command(self):
        unit = PersonFactory(full_name="Đức").unit
        Unit.objects.filter(pk=unit.pk).update(name_key=b"stale")
        call_command("collation_keys_refresh", stdout=(out := _Output()))
        unit.refresh_from_db()
        assert bytes(unit.name_key) == sort_key(unit.name)
        assert "directory.Unit: 1 updated" in out.text
        assert "directory.Person: 0 updated" in out.text


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text
