from lantoa.directory.selectors import people_for_user


def test_unit_staff_sees_only_own_unit(make_user, unit_a, unit_b):
    from lantoa.directory.tests.factories import PersonFactory

    PersonFactory(unit=unit_b, full_name="Người đơn vị khác")
    user = make_user("unit_staff", unit=unit_a)
    names = set(people_for_user(user=user).values_list("unit__code", flat=True))
    assert names == {"TTCĐS"}
