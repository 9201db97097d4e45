"""Health professionals: enough of them, valid identifiers, real towns, network membership."""

from __future__ import annotations

from collections import Counter

from stdnum import luhn

from sandbox.dataset.generator import Dataset
from sandbox.dataset.towns import distance_km, towns, towns_near

PROFESSION_CODES = {"10", "21", "26", "28", "40", "50", "60", "70", "91", "95"}


def test_at_least_two_thousand_with_unique_valid_identifiers(dataset: Dataset) -> None:
    pros = dataset.professionals()
    assert len(pros) >= 2000
    assert len({p.id for p in pros}) == len(pros)
    kinds = Counter(p.id_kind for p in pros)
    assert set(kinds) == {"RPPS", "ADELI", "FINESS"}
    for pro in pros:
        if pro.id_kind == "RPPS":
            assert len(pro.id) == 11 and pro.id.isdigit() and luhn.is_valid(pro.id)
        elif pro.id_kind == "FINESS":
            assert len(pro.id) == 9 and luhn.is_valid(pro.id)
        else:
            assert len(pro.id) == 9 and pro.id.isdigit() and pro.discipline == "osteopathie"
        assert pro.profession_code is None or pro.profession_code in PROFESSION_CODES
        assert (pro.profession_code is None) == (
            pro.discipline in ("osteopathie", "biologie", "hospitalisation")
        )
        if pro.profession_code == "10":
            assert pro.specialty_code is not None and pro.name.startswith("Dr ")
        assert pro.phone.isdigit() and len(pro.phone) == 10
    assert dataset.professional(pros[0].id) == pros[0]
    assert dataset.professional("00000000000") is None


def test_addresses_are_in_real_towns(dataset: Dataset) -> None:
    by_insee = {t.insee: t for t in towns()}
    assert len(by_insee) >= 80
    for pro in dataset.professionals():
        town = by_insee[pro.address.insee]
        assert (pro.address.postcode, pro.address.town) == (town.postcode, town.name)
        assert distance_km(pro.address.lat, pro.address.lon, town.lat, town.lon) < 2.0
    alès = by_insee["30007"]
    assert len(towns_near(alès.lat, alès.lon, 30)) >= 4  # neighbouring towns exist


def test_network_membership_mixes_one_and_both(dataset: Dataset) -> None:
    membership = Counter(
        p.networks
        for p in dataset.professionals()
        if p.discipline in ("optique", "audioprothese", "osteopathie")
    )
    assert membership[("santeclair",)] > 50
    assert membership[("kalixia",)] > 50
    assert membership[("santeclair", "kalixia")] > 100
    assert membership[()] > 10
    disciplines = {p.discipline for p in dataset.professionals() if p.networks}
    assert disciplines == {"optique", "audioprothese", "osteopathie", "dentaire", "dietetique"}
    assert all(p.negotiated_tariffs is False for p in dataset.professionals() if not p.networks)
