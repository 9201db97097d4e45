"""Quotes (devis, prises en charge) and the messages of the portal's messagerie.

A minority of members have quotes or message threads; texts hold no personal data.
Message times are in UTC.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sandbox.dataset.offers import Offer
from sandbox.dataset.professionals import Directory
from sandbox.dataset.records import Beneficiary, Message, Quote
from sandbox.dataset.rng import age_on, chance, day_between, weighted

_QUOTE_KINDS = {
    "optique": ("optician", (30000, 90000)),
    "dentaire": ("dentist", (60000, 250000)),
    "audio": ("audio", (240000, 380000)),
    "hospitalisation": ("hospital", (80000, 300000)),
}
_QUESTIONS = (
    (
        "Remboursement",
        "Bonjour, je n'ai pas encore reçu le remboursement de ma dernière "
        "consultation. Pouvez-vous vérifier ?",
        "Bonjour, le remboursement a été effectué ; il apparaîtra sur votre compte sous "
        "48 heures. Cordialement, votre conseiller.",
    ),
    (
        "Attestation",
        "Bonjour, pouvez-vous m'envoyer une attestation de droits ?",
        "Bonjour, votre attestation est disponible dans votre espace, rubrique Documents.",
    ),
    (
        "Carte de tiers payant",
        "Bonjour, ma carte de tiers payant est abîmée.",
        "Bonjour, une nouvelle carte vous a été envoyée ; elle est aussi téléchargeable.",
    ),
    (
        "Cotisations",
        "Bonjour, je souhaite passer au prélèvement trimestriel.",
        "Bonjour, votre demande est enregistrée ; le changement s'appliquera au prochain "
        "trimestre.",
    ),
    (
        "Devis optique",
        "Bonjour, pouvez-vous m'indiquer ce qui restera à ma charge sur ce devis ?",
        "Bonjour, votre devis a été analysé : le détail est disponible dans la rubrique Devis.",
    ),
    (
        "Changement de situation",
        "Bonjour, comment ajouter mon enfant à mon contrat ?",
        "Bonjour, vous pouvez faire la demande en ligne avec un acte de naissance.",
    ),
)
_NOTICES = (
    (
        "Votre devis a été traité",
        "Le devis que vous nous avez transmis a été traité. Retrouvez le détail dans votre espace.",
    ),
    ("Nouveau relevé de prestations", "Un nouveau relevé de prestations est disponible."),
    ("Information", "Nos conseillers sont joignables du lundi au vendredi de 9 h à 18 h."),
)


def quotes(
    rng: random.Random,
    number: str,
    beneficiaries: tuple[Beneficiary, ...],
    offer: Offer,
    directory: Directory,
    department: str,
    as_of: date,
) -> tuple[Quote, ...]:
    """Devis and prises en charge, newest first."""
    count = weighted(rng, ((0, 55.0), (1, 30.0), (2, 11.0), (3, 4.0)))
    open_now = [b for b in beneficiaries if b.close_date is None] or list(beneficiaries)
    drafts: list[Quote] = []
    for _ in range(count):
        who = rng.choice(open_now)
        categories = ["optique", "dentaire", "hospitalisation"]
        if age_on(who.birth_date, as_of) >= 60:
            categories.append("audio")
        category = rng.choice(categories)
        key, (low, high) = _QUOTE_KINDS[category]
        billed = rng.randint(low // 100, high // 100) * 100
        day = day_between(rng, as_of - timedelta(days=700), as_of - timedelta(days=1))
        status = (
            "received"
            if (as_of - day).days < 4
            else ("refused" if chance(rng, 0.06) else "processed")
        )
        covered = 0 if status == "refused" else min(billed, _estimate(offer, category, billed))
        drafts.append(
            Quote(
                id="",
                member_number=number,
                beneficiary_id=who.id,
                kind="prior_approval" if category == "hospitalisation" else "quote",
                category=category,  # type: ignore[arg-type]
                date=day,
                status=status,  # type: ignore[arg-type]
                professional_name=directory.pick(rng, key, department).name,
                billed_cents=billed,
                covered_cents=covered,
            )
        )
    drafts.sort(key=lambda q: (q.date, q.beneficiary_id, q.category))
    found = [
        Quote(
            f"Q{number}-{position:02d}",
            q.member_number,
            q.beneficiary_id,
            q.kind,
            q.category,
            q.date,
            q.status,
            q.professional_name,
            q.billed_cents,
            q.covered_cents,
        )
        for position, q in enumerate(drafts, start=1)
    ]
    found.reverse()
    return tuple(found)


def _estimate(offer: Offer, category: str, billed: int) -> int:
    level = offer.level
    if category == "optique":
        return level.frame_cents + 2 * level.lens_cents
    if category == "dentaire":
        return billed * level.dental_prosthesis // 400  # a share of the fees
    if category == "audio":
        return 2 * level.hearing_cents
    return billed * level.hospital // 250


def messages(rng: random.Random, number: str, as_of: date) -> tuple[Message, ...]:
    """Threads with advisers, newest first."""
    threads = weighted(rng, ((0, 65.0), (1, 25.0), (2, 8.0), (3, 2.0)))
    drafts: list[tuple[datetime, int, str, str, str, bool]] = []
    for thread in range(1, threads + 1):
        day = day_between(rng, as_of - timedelta(days=540), as_of - timedelta(days=1))
        moment = datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=UTC)
        if chance(rng, 0.7):
            subject, question, answer = rng.choice(_QUESTIONS)
            drafts.append((moment, thread, "from_member", subject, question, True))
            reply = moment + timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
            if reply.date() < as_of:
                recent = (as_of - reply.date()).days < 7
                drafts.append(
                    (reply, thread, "to_member", subject, answer, not (recent and chance(rng, 0.5)))
                )
        else:
            subject, body = rng.choice(_NOTICES)
            recent = (as_of - day).days < 7
            drafts.append((moment, thread, "to_member", subject, body, not recent))
    drafts.sort(key=lambda d: (d[0], d[1]))
    found = [
        Message(
            id=f"M{number}-{position:03d}",
            thread_id=f"T{number}-{thread:02d}",
            member_number=number,
            sent_at=sent_at,
            direction=direction,  # type: ignore[arg-type]
            subject=subject,
            body=body,
            read=read,
        )
        for position, (sent_at, thread, direction, subject, body, read) in enumerate(
            drafts, start=1
        )
    ]
    found.reverse()
    return tuple(found)
