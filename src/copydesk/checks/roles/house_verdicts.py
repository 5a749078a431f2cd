"""The house list's verdicts on role claims.

With the house list's roles: a dated article that gives a listed role (title and stated
country) to someone other than its holder on that date is an error suggesting the
holder; an undated one, when the name shares a part with one listed holder ("Chen
Gang" for "Qin Gang"), a warning. A claim the house list confirms is never flagged.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from ...house import ANY_BODY, Holder, HouseList, held_on
from ...model import Severity
from ...normalize import name_key
from .claims import Claim, ClaimKeys


class Correction(NamedTuple):
    """A claim the house list contradicts (its role as the house list reads it: the
    country only if stated, a body's title in full), whom the list expects, and why."""

    claim: Claim
    expected: str
    severity: Severity
    message: str


def house_verdicts(claims: Sequence[Claim], house: HouseList) -> tuple[list[Correction], ClaimKeys, ClaimKeys]:
    """The house list's correction of each claim it contradicts; the claims it confirms;
    the claims it contradicts."""
    corrections: list[Correction] = []
    confirmed: ClaimKeys = set()
    contradicted: ClaimKeys = set()
    for c in claims:
        # the house list trusts only a stated country, and names a body in full
        c = replace(c, country=c.stated_country, title=c.written_title or c.title)
        holders = house.holders(c.title, c.country)
        if not holders:
            if c.country is None and any(
                house.is_holder(h.entity, c.holder) and (c.date is None or h.role.covers(c.date))
                for h in house.holders(c.title, ANY_BODY)
            ):
                # a country's role with the country unstated: the house list can
                # confirm the holder (of some country), not contradict them
                confirmed.add(c.key)
            continue
        # the holder's own terms, also under a misspelt name ("Oskar Brenholt" for
        # "Oskar Brennholt": a spelling for name-variant to report, not another person)
        named = house.match(c.holder)
        own_terms = [h for h in holders if house.is_holder(h.entity, c.holder) or (named and named.entity is h.entity)]
        role = c.role_name
        if c.date is None:
            if own_terms:
                confirmed.add(c.key)
            elif (alike := _alike(c, holders)) is not None:
                message = (
                    f"{role} is '{c.mention.text}' here (date unknown), who is not in the house list for it; "
                    f"did you mean '{alike.entity.name}' ({_term(alike)})?"
                )
                corrections.append(Correction(c, alike.entity.name, "warning", message))
                contradicted.add(c.key)
            continue
        if any(h.role.covers(c.date) for h in own_terms):
            confirmed.add(c.key)
            continue
        on_date = held_on(holders, c.date)
        if not on_date:
            continue  # the house list does not say who held it then
        names = sorted({h.entity.name for h in on_date})
        right = _alike(c, on_date)
        expected = right.entity.name if right else (names[0] if len(names) == 1 else "")
        own = f"; {'; '.join(_term(h) for h in own_terms)}" if own_terms else ""
        message = (
            f"{role} on {c.date.isoformat()} was {' or '.join(names)}, not '{c.mention.text}' "
            f"(house list: {'; '.join(_term(h) for h in on_date)}{own})"
        )
        corrections.append(Correction(c, expected, "error", message))
        contradicted.add(c.key)
    return corrections, confirmed, contradicted


def _alike(c: Claim, holders: Sequence[Holder]) -> Holder | None:
    """The one holder whose name shares a part with the claim's ("Qin Gang" for "Chen Gang")."""
    tokens = set(name_key(c.holder).tokens)
    alike = {h.entity.name: h for h in holders if tokens & set(name_key(h.entity.name).tokens)}
    return next(iter(alike.values())) if len(alike) == 1 else None


def _term(h: Holder) -> str:
    start = h.role.start.isoformat() if h.role.start else "?"
    end = h.role.end.isoformat() if h.role.end else "today"
    return f"{h.entity.name} {start} to {end}"
