import datetime

import pytest

from projecten.kwartalen import (
    huidig_kwartaal,
    is_kwartaalbegin,
    komende_kwartalen,
    kwartaal_begin,
    kwartaal_code,
    kwartaal_einde,
    kwartaal_label,
    kwartaal_nummer,
    kwartaal_parse,
    kwartaal_plus,
    kwartalen_tussen,
    kwartalen_verschil,
)

D = datetime.date


@pytest.mark.parametrize(
    "tekst",
    [
        "2027-K2",
        "2027 Q2",
        "2027Q2",
        "2027/q2",
        "Q2 2027",
        "K2-2027",
        "q2/2027",
        "2e kwartaal 2027",
        "2 kwartaal 2027",
        "  2027 -  K2 ",
        "2027-04-01",
        "2027-06-30",
    ],
)
def test_parse_accepts_what_planners_type(tekst):
    assert kwartaal_parse(tekst) == D(2027, 4, 1)


def test_parse_takes_dates_as_their_quarter():
    assert kwartaal_parse(D(2026, 12, 31)) == D(2026, 10, 1)
    assert kwartaal_parse(datetime.datetime(2026, 2, 3, 10, 0)) == D(2026, 1, 1)


@pytest.mark.parametrize("tekst", ["", "2027-K5", "K0 2027", "2027", "volgend jaar", "=1+1", "0000-K1", "2027-13-01"])
def test_parse_refuses_in_dutch(tekst):
    with pytest.raises(ValueError, match="geen kwartaal"):
        kwartaal_parse(tekst)


def test_format_both_ways_and_round_trip():
    for datum in kwartalen_tussen(D(2025, 1, 1), D(2028, 10, 1)):
        assert kwartaal_parse(kwartaal_code(datum)) == datum
        assert kwartaal_parse(kwartaal_label(datum)) == datum
    assert kwartaal_code(D(2027, 4, 1)) == "2027-K2"
    assert kwartaal_label(D(2027, 11, 15)) == "4e kwartaal 2027"


def test_begin_end_and_number():
    assert kwartaal_begin(D(2026, 3, 31)) == D(2026, 1, 1)
    assert kwartaal_begin(D(2026, 8, 1)) == D(2026, 7, 1)
    assert kwartaal_einde(D(2026, 10, 1)) == D(2026, 12, 31)
    assert kwartaal_einde(D(2026, 2, 10)) == D(2026, 3, 31)
    assert [kwartaal_nummer(D(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert is_kwartaalbegin(D(2026, 4, 1))
    assert not is_kwartaalbegin(D(2026, 4, 2))
    assert not is_kwartaalbegin(D(2026, 5, 1))


def test_add_quarters_across_years():
    assert kwartaal_plus(D(2026, 10, 1), 1) == D(2027, 1, 1)
    assert kwartaal_plus(D(2026, 11, 20), 0) == D(2026, 10, 1)
    assert kwartaal_plus(D(2026, 1, 1), -1) == D(2025, 10, 1)
    assert kwartaal_plus(D(2026, 4, 1), 11) == D(2029, 1, 1)
    assert kwartaal_plus(D(2026, 4, 1), -9) == D(2024, 1, 1)


def test_quarters_between_and_difference():
    assert kwartalen_tussen(D(2026, 10, 1), D(2027, 4, 1)) == [D(2026, 10, 1), D(2027, 1, 1), D(2027, 4, 1)]
    assert kwartalen_tussen(D(2026, 10, 1), D(2026, 10, 1)) == [D(2026, 10, 1)]
    assert kwartalen_tussen(D(2027, 1, 1), D(2026, 10, 1)) == []
    assert kwartalen_verschil(D(2026, 10, 1), D(2027, 4, 1)) == 2
    assert kwartalen_verschil(D(2027, 4, 1), D(2026, 10, 1)) == -2


def test_current_and_coming_quarters():
    assert huidig_kwartaal(D(2026, 5, 17)) == D(2026, 4, 1)
    assert komende_kwartalen(12, vanaf=D(2026, 5, 17)) == kwartalen_tussen(D(2026, 4, 1), D(2029, 1, 1))
    assert len(komende_kwartalen(3)) == 3
    assert is_kwartaalbegin(huidig_kwartaal())
