"""Care episodes: which acts a beneficiary gets billed, by whom, on which days.

A visit to the GP is often followed by the pharmacy (tiers payant) and sometimes by a
laboratory; a physiotherapy prescription is a series of sessions; glasses come every two
years or so; hearing aids and hospital stays are rare and for the right ages. Each episode
yields one or more :class:`Bill` (acts billed by one professional, paid either to the
member or, in tiers payant, to the professional).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sandbox.dataset import acts
from sandbox.dataset.acts import Act
from sandbox.dataset.professionals import Directory
from sandbox.dataset.records import Beneficiary, HealthProfessional
from sandbox.dataset.rng import chance, weighted


@dataclass(frozen=True, slots=True)
class LineDraft:
    act: Act
    beneficiary_id: str
    start: date
    end: date
    quantity: int
    unit_billed: int


@dataclass(frozen=True, slots=True)
class Bill:
    seq: int  # creation order, for stable sorting
    professional: HealthProfessional
    third_party: bool  # tiers payant: paid to the professional
    lines: tuple[LineDraft, ...]


class Episodes:
    """Draws the bills of one family's care episodes (keeps family doctor and pharmacy)."""

    def __init__(self, rng: random.Random, directory: Directory, department: str) -> None:
        self._rng = rng
        self._directory = directory
        self._department = department
        self._seq = 0
        self._gp = directory.pick(rng, "gp", department)
        self._pharmacy = directory.pick(rng, "pharmacy", department)
        self._dentist = directory.pick(rng, "dentist", department)
        self._last_optics: dict[str, date] = {}
        self._once: set[tuple[str, str]] = set()

    # -- helpers ---------------------------------------------------------------------------
    def _pick(self, key: str) -> HealthProfessional:
        return self._directory.pick(self._rng, key, self._department)

    def _bill(self, pro: HealthProfessional, third_party: bool, lines: list[LineDraft]) -> Bill:
        self._seq += 1
        return Bill(self._seq, pro, third_party, tuple(lines))

    def _billed(self, act: Act, pro: HealthProfessional) -> int:
        rng = self._rng
        if act.billed_range is not None:
            low, high = act.billed_range
            return low if low == high else rng.randint(low // 100, high // 100) * 100
        sector = pro.extra.get("sector", "1")
        if act.sector_fees and sector != "1":
            factor = rng.uniform(1.0, 1.4) if sector == "OPTAM" else rng.uniform(1.15, 2.2)
            return max(act.base_cents, round(act.base_cents * factor / 100) * 100)
        return act.base_cents

    def _line(
        self,
        act: Act,
        who: Beneficiary,
        pro: HealthProfessional,
        start: date,
        quantity: int = 1,
        end: date | None = None,
    ) -> LineDraft:
        return LineDraft(act, who.id, start, end or start, quantity, self._billed(act, pro))

    # -- episodes --------------------------------------------------------------------------
    def draw(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        """The bills of one episode starting on ``day`` (care never after ``last_day``)."""
        options: list[tuple[Callable[[Beneficiary, int, date, date], list[Bill]], float]]
        if age < 18:
            options = [
                (self._gp_visit, 50),
                (self._specialist, 20),
                (self._dental, 10),
                (self._lab, 3),
                (self._physio, 3),
                (self._optics, 4),
                (self._hospital, 0.5),
            ]
        else:
            options = [
                (self._gp_visit, 40),
                (self._specialist, 18),
                (self._dental, 9),
                (self._lab, 10),
                (self._radiology, 4),
                (self._nurse, 4),
                (self._physio, 6),
                (self._optics, 3),
                (self._hospital, 1),
                (self._hearing, 1.5 if age >= 60 else 0),
            ]
        episode = weighted(self._rng, options)
        return episode(who, age, day, last_day)

    def _gp_visit(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        gp = self._gp if chance(rng, 0.8) else self._pick("gp")
        if (age >= 75 or age < 3) and chance(rng, 0.3):
            lines = [
                self._line(acts.GP_VISIT, who, gp, day),
                self._line(acts.HOME_SURCHARGE, who, gp, day),
            ]
        else:
            lines = [self._line(acts.GP, who, gp, day)]
        bills = [self._bill(gp, False, lines)]
        if chance(rng, 0.75):
            bills.append(
                self._pharmacy_bill(
                    who, age, min(day + timedelta(days=rng.randint(0, 1)), last_day)
                )
            )
        if chance(rng, 0.12):
            bills.extend(
                self._lab(
                    who, age, min(day + timedelta(days=rng.randint(1, 7)), last_day), last_day
                )
            )
        return bills

    def _pharmacy_bill(
        self, who: Beneficiary, age: int, day: date, sensitive: bool = False
    ) -> Bill:
        rng = self._rng
        pharmacy = self._pharmacy if chance(rng, 0.85) else self._pick("pharmacy")
        catalogue = acts.CHILD_DRUGS if age < 15 else acts.DRUGS
        drugs = rng.sample(catalogue, rng.randint(1, min(4, len(catalogue))))
        if age >= 15 and (sensitive or chance(rng, 0.02)):
            # Rare prescriptions whose lines the back end flags as confidential.
            women = who.sex == "2" and age <= 50 and not sensitive
            drugs.append(acts.CONTRACEPTIVE if women else acts.ANTIDEPRESSANT)
        lines = [
            self._line(d, who, pharmacy, day, quantity=rng.choice((1, 1, 1, 2, 3))) for d in drugs
        ]
        return self._bill(pharmacy, chance(rng, 0.9), lines)

    def _specialist(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        choices: list[tuple[str, float]] = [("15", 9), ("05", 6), ("11", 4), ("33", 2.5)]
        if age < 16:
            choices.append(("12", 25))
        else:
            choices.append(("14", 4))
        if who.sex == "2" and 15 <= age <= 70:
            choices.append(("07", 10))
        if age >= 45:
            choices.append(("03", 8))
        specialty = weighted(rng, choices)
        doctor = self._pick(f"specialist:{specialty}")
        if specialty == "33":
            act = acts.PSYCHIATRIST
        else:
            act = acts.CONSULTANT if chance(rng, 0.05) else acts.SPECIALIST
        lines = [self._line(act, who, doctor, day)]
        if specialty == "03" and chance(rng, 0.7):
            lines.append(self._line(acts.ECG, who, doctor, day))
        bills = [self._bill(doctor, False, lines)]
        if chance(rng, 0.4):
            next_day = min(day + timedelta(days=1), last_day)
            bills.append(self._pharmacy_bill(who, age, next_day, sensitive=specialty == "33"))
        return bills

    def _radiology(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        radiologist = self._pick("specialist:06")
        act = (
            acts.MAMMOGRAPHY
            if who.sex == "2" and age >= 50 and chance(self._rng, 0.5)
            else acts.CHEST_XRAY
        )
        return [
            self._bill(
                radiologist, chance(self._rng, 0.3), [self._line(act, who, radiologist, day)]
            )
        ]

    def _lab(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        lab = self._pick("lab")
        tests = rng.sample(acts.BIOLOGY, rng.randint(1, 4))
        return [self._bill(lab, chance(rng, 0.85), [self._line(t, who, lab, day) for t in tests])]

    def _series(
        self,
        who: Beneficiary,
        act: Act,
        key: str,
        day: date,
        last_day: date,
        count: int,
        every: int,
        third_party: float,
    ) -> list[Bill]:
        pro = self._pick(key)
        end = min(day + timedelta(days=every * (count - 1)), last_day)
        count = min(count, (end - day).days // every + 1)
        line = self._line(act, who, pro, day, quantity=count, end=end)
        return [self._bill(pro, chance(self._rng, third_party), [line])]

    def _nurse(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        act = rng.choice(acts.NURSE)
        every = 1 if act.code == "AMI 1" else 2
        return self._series(who, act, "nurse", day, last_day, rng.randint(2, 10), every, 0.6)

    def _physio(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        count = self._rng.randint(4, 15)
        return self._series(who, acts.PHYSIO, "physio", day, last_day, count, 3, 0.4)

    def _dental(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        dentist = self._dentist if chance(rng, 0.8) else self._pick("dentist")
        if age >= 25 and chance(rng, 0.08):
            crown = acts.CROWN_100 if chance(rng, 0.5) else acts.CROWN_FREE
            return [self._bill(dentist, chance(rng, 0.6), [self._line(crown, who, dentist, day)])]
        lines = [self._line(acts.DENTAL_CONSULTATION, who, dentist, day)]
        if chance(rng, 0.6):
            lines.append(self._line(rng.choice(acts.DENTAL_CARE), who, dentist, day))
        return [self._bill(dentist, False, lines)]

    def _optics(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        previous = self._last_optics.get(who.id)
        if age < 6 or (previous is not None and (day - previous).days < 700):
            return self._gp_visit(who, age, day, last_day)
        self._last_optics[who.id] = day
        optician = self._pick("optician")
        if chance(rng, 0.35):
            lines = [
                self._line(acts.FRAME_A, who, optician, day),
                self._line(acts.LENS_A, who, optician, day, quantity=2),
            ]
        else:
            lines = [
                self._line(acts.FRAME_B, who, optician, day),
                self._line(acts.LENS_B, who, optician, day, quantity=2),
            ]
        return [self._bill(optician, chance(rng, 0.85), lines)]

    def _hearing(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        if (who.id, "hearing") in self._once:
            return self._gp_visit(who, age, day, last_day)
        self._once.add((who.id, "hearing"))
        audio = self._pick("audio")
        act = acts.HEARING_I if chance(self._rng, 0.45) else acts.HEARING_II
        line = self._line(act, who, audio, day, quantity=2)
        return [self._bill(audio, chance(self._rng, 0.9), [line])]

    def _hospital(self, who: Beneficiary, age: int, day: date, last_day: date) -> list[Bill]:
        rng = self._rng
        if (who.id, "hospital") in self._once:
            return self._gp_visit(who, age, day, last_day)
        self._once.add((who.id, "hospital"))
        hospital = self._pick("hospital")
        surgery = acts.SURGERY[0] if age >= 60 else rng.choice(acts.SURGERY[1:])
        nights = rng.randint(1, 4)
        end = min(day + timedelta(days=nights), last_day)
        days = (end - day).days + 1
        lines = [
            self._line(surgery, who, hospital, day),
            self._line(acts.anaesthesia_for(surgery), who, hospital, day),
            self._line(acts.FORFAIT_JOURNALIER, who, hospital, day, quantity=days, end=end),
        ]
        return [self._bill(hospital, True, lines)]
