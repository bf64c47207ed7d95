"""The spreidingsvoorstel as pure functions: windows are respected, fixed projects stay, evenness never gets worse,
and the same input gives the same proposal. Property checks run over random inputs with a fixed seed."""

import datetime
import random

import pytest

from projecten.kwartalen import kwartaal_plus
from projecten.spreidingsvoorstel import Kandidaat, gelijkmatigheid, spreidingsvoorstel

BEGIN = datetime.date(2026, 7, 1)
HORIZON = [kwartaal_plus(BEGIN, i) for i in range(12)]


def k(i: int) -> datetime.date:
    return kwartaal_plus(BEGIN, i)


def test_a_movable_project_leaves_the_busy_quarter():
    kandidaten = [Kandidaat(1, k(0), 10), Kandidaat(2, k(0), 10, venster=(k(0), k(1)))]
    voorstel = spreidingsvoorstel(kandidaten, HORIZON[:2])
    assert voorstel.naar == {2: k(1)}
    assert voorstel.belasting_voor == [20, 0] and voorstel.belasting_na == [10, 10]
    assert voorstel.voor.standaardafwijking == 10.0 and voorstel.na.standaardafwijking == 0.0
    assert (voorstel.voor.verschil, voorstel.na.verschil) == (20, 0)


def test_projects_without_window_never_move_however_uneven():
    kandidaten = [Kandidaat(i, k(0), 100) for i in range(5)]
    voorstel = spreidingsvoorstel(kandidaten, HORIZON)
    assert voorstel.verschuivingen == []
    assert voorstel.na == voorstel.voor


def test_no_move_when_it_would_only_swap_the_peak():
    # Moving the 10 from K0 (10) to K1 (5) would give K1 15: no better. Only a move with A − B > w helps.
    kandidaten = [Kandidaat(1, k(0), 10, venster=(k(0), k(1))), Kandidaat(2, k(1), 5)]
    assert spreidingsvoorstel(kandidaten, HORIZON[:2]).verschuivingen == []


def test_the_window_is_clipped_to_the_horizon_and_outside_projects_are_ignored():
    kandidaten = [
        Kandidaat(1, k(11), 50, venster=(k(8), k(20))),  # may not leave the measured quarters
        Kandidaat(2, k(11), 50),
        Kandidaat(3, k(14), 500, venster=(k(0), k(20))),  # tendered after the horizon: not part of it
    ]
    voorstel = spreidingsvoorstel(kandidaten, HORIZON)
    assert set(voorstel.naar) == {1}
    assert k(8) <= voorstel.naar[1] <= k(10)
    assert sum(voorstel.belasting_na) == sum(voorstel.belasting_voor) == 100


def test_ties_are_broken_by_the_shortest_shift():
    kandidaten = [Kandidaat(1, k(5), 10), Kandidaat(2, k(5), 10, venster=(k(0), k(11)))]
    assert spreidingsvoorstel(kandidaten, HORIZON).naar == {2: k(4)}


def test_evenness_measures():
    assert gelijkmatigheid([]).standaardafwijking == 0.0
    meting = gelijkmatigheid([2, 4, 4, 4, 5, 5, 7, 9])
    assert meting.standaardafwijking == 2.0 and meting.verschil == 7


def willekeurige_kandidaten(rng: random.Random) -> list[Kandidaat]:
    kandidaten = []
    for sleutel in range(rng.randint(0, 40)):
        kwartaal = rng.randint(-2, 13)  # some fall outside the horizon
        venster = None
        if rng.random() < 0.6:
            van = kwartaal - rng.randint(0, 4)
            tot = kwartaal + rng.randint(0, 4)
            venster = (k(van), k(tot))
        gewicht = rng.choice([1, rng.randint(1, 10), rng.randint(50_000, 5_000_000)])
        kandidaten.append(Kandidaat(sleutel, k(kwartaal), gewicht, venster))
    return kandidaten


@pytest.mark.parametrize("seed", range(300))
def test_properties_over_random_inputs(seed):
    rng = random.Random(seed)
    kandidaten = willekeurige_kandidaten(rng)
    voorstel = spreidingsvoorstel(kandidaten, HORIZON)
    per_sleutel = {kandidaat.sleutel: kandidaat for kandidaat in kandidaten}

    for verschuiving in voorstel.verschuivingen:
        kandidaat = per_sleutel[verschuiving.sleutel]
        # Only projects with a window move, never outside it nor outside the horizon, and from where they were.
        assert kandidaat.venster is not None
        assert kandidaat.venster[0] <= verschuiving.naar <= kandidaat.venster[1]
        assert verschuiving.naar in HORIZON and verschuiving.van == kandidaat.kwartaal != verschuiving.naar

    # The load is conserved and the evenness improves or stays (both measures).
    assert sum(voorstel.belasting_na) == sum(voorstel.belasting_voor)
    assert voorstel.na.standaardafwijking <= voorstel.voor.standaardafwijking + 1e-9
    assert voorstel.na.verschil <= voorstel.voor.verschil
    assert voorstel.belasting_na == [
        sum(
            c.gewicht
            for c in kandidaten
            if c.kwartaal in HORIZON and voorstel.naar.get(c.sleutel, c.kwartaal) == kwartaal
        )
        for kwartaal in HORIZON
    ]

    # Deterministic: the same input gives the same proposal.
    assert spreidingsvoorstel(list(kandidaten), list(HORIZON)) == voorstel

    # A local optimum: no single further move within a window lowers the load's spread.
    last = voorstel.belasting_na
    for kandidaat in kandidaten:
        if kandidaat.venster is None or kandidaat.kwartaal not in HORIZON:
            continue
        huidig = HORIZON.index(voorstel.naar.get(kandidaat.sleutel, kandidaat.kwartaal))
        for doel, kwartaal in enumerate(HORIZON):
            if kandidaat.venster[0] <= kwartaal <= kandidaat.venster[1] and doel != huidig:
                assert last[huidig] - last[doel] <= kandidaat.gewicht
