"""Plausible figures of one commune for a year and its first half (demo data only).

Counts scale with the commune's hamlets and establishments; shares stay below their totals
(hamlets that held a conference ≤ hamlets, valuable tip-offs ≤ tip-offs…); crime falls from 2025
to 2026 in most communes, as the press reports the demo imitates say.
"""

from __future__ import annotations

import random


def period_figures(
    rng: random.Random, year: int, areas: int, establishments: int
) -> tuple[dict[str, int], dict[str, int]]:
    """(the year's figures, the first half's) by field key of the default form."""
    r = rng
    trend = 1.0 if year <= 2025 else r.uniform(0.55, 0.95)
    crime = max(1, round(r.randint(4, 14) * trend))
    tips_crime, tips_incidents = r.randint(3, 12), r.randint(1, 6)
    mediated = r.randint(4, 16)
    whole = {
        "ra-quan-xa": 1 if r.random() < 0.95 else 0,
        "ra-quan-co-quan": max(0, establishments - r.randint(0, 2)),
        "ra-quan-khu-dan-cu": max(0, areas - r.randint(0, 2)),
        "luot-du-ra-quan": areas * r.randint(80, 160) + r.randint(150, 400),
        "hoi-nghi-tuyen-truyen": r.randint(1, 4),
        "buoi-chuyen-de": r.randint(3, 10),
        "tin-phat-thanh-truyen-hinh": r.randint(2, 12),
        "bai-viet": r.randint(1, 8),
        "hinh-anh": r.randint(10, 60),
        "bai-dang-mang-xa-hoi": r.randint(5, 40),
        "hoi-nghi-so-ket-mo-hinh": r.randint(0, 2),
        "tin-bao-toi-pham": tips_crime,
        "tin-bao-vu-viec": tips_incidents,
        "tin-co-gia-tri": r.randint(1, tips_crime + tips_incidents),
        "vu-viec-hoa-giai": mediated,
        "hoa-giai-thanh": r.randint(mediated // 2, mediated),
        "tai-hoa-nhap": r.randint(1, 5),
        "tu-nguyen-cai-nghien": r.randint(0, 3),
        "khen-bang-khen-bo": 1 if r.random() < 0.15 else 0,
        "khen-bang-khen-tinh": r.randint(0, 2),
        "khen-giay-khen": r.randint(1, 4),
        "vu-pham-toi": crime,
        "doi-tuong-pham-toi": crime + r.randint(0, crime // 2 + 1),
        "nguoi-nghien": max(0, round(r.randint(2, 10) * trend)),
        "vu-chay-no": r.randint(0, 3),
    }
    whole["luot-du-hoi-nghi-tuyen-truyen"] = whole["hoi-nghi-tuyen-truyen"] * r.randint(120, 250)
    whole["luot-du-chuyen-de"] = whole["buoi-chuyen-de"] * r.randint(100, 220)
    once = {"ra-quan-xa", "ra-quan-co-quan", "ra-quan-khu-dan-cu", "luot-du-ra-quan"}
    half = {}
    for key, value in whole.items():
        # launch conferences happen at the start of the year: all in the first half
        half[key] = value if key in once else int(value * r.uniform(0.38, 0.55))
    half["tin-co-gia-tri"] = min(
        half["tin-co-gia-tri"], half["tin-bao-toi-pham"] + half["tin-bao-vu-viec"]
    )
    half["hoa-giai-thanh"] = min(half["hoa-giai-thanh"], half["vu-viec-hoa-giai"])
    return whole, half
