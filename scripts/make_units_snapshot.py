#!/usr/bin/env python3
"""Build the bundled snapshot of Vietnam's administrative units (resources/units/).

Dev-time only. Reads an unpacked wheel of the PyPI package `vietnam-provinces` (GPL-3.0-or-later)
and extracts the facts it carries - official names, codes, types and the old → new succession of
the 1 July 2025 reorganisation - into our own CSV files. The program never imports the package.

    .venv/bin/python scripts/make_units_snapshot.py [--package /tmp/vp/w26/x]
        [--compare /tmp/vp/x] [--out resources/units] [--extracted 2026-11-22]

`--package` must be a version with `vietnam_provinces/legacy/` and `_ward_conversion_2025.py`
(2026.9.0 or later). `--compare` optionally names an older unpacked wheel whose current list is only
compared with ours (differences go to stderr). The output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib
import io
import json
import re
import sys
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PACKAGE = Path("/tmp/vp/w26/x")
DEFAULT_COMPARE = Path("/tmp/vp/x")
DEFAULT_OUT = REPO / "resources" / "units"
DEFAULT_EXTRACTED = "2026-11-22"
GZIP_ABOVE = 300_000  # bytes: bigger CSV files are stored as .csv.gz

# Subtype (lower case, as in our Unit.subtype) for each division type the package uses.
SUBTYPES = {
    "tỉnh": "tỉnh",
    "thành phố trung ương": "thành phố",
    "thành phố": "thành phố",
    "quận": "quận",
    "huyện": "huyện",
    "thị xã": "thị xã",
    "xã": "xã",
    "phường": "phường",
    "thị trấn": "thị trấn",
    "đặc khu": "đặc khu",
}

KIND_ORDER = {"province": 0, "district": 1, "commune": 2}


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    subtype: str
    parent: str = ""  # code of the parent unit ("" for provinces)


def by_code(row: Row) -> str:
    return row.code


def full_name(row: Row) -> str:
    """The name as written officially: "Xã Châu Hưng"."""
    return f"{row.subtype[:1].upper()}{row.subtype[1:]} {row.name}"


def clean(text: str) -> str:
    """NFC, single spaces, no surrounding blanks."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_name(full_name: str, division_type: str) -> tuple[str, str]:
    """("Xã Châu Hưng", "xã") → ("Châu Hưng", "xã"); the prefix is dropped only where present."""
    subtype = SUBTYPES[clean(division_type).lower()]
    full = clean(full_name)
    prefix = subtype + " "
    # "Phường Phường Đúc" (Huế) → "Phường Đúc": Unit.display_name then shows it as it is written.
    name = full[len(prefix) :] if full.lower().startswith(prefix) else full
    return name, subtype


def load_package(package: Path) -> tuple[ModuleType, ModuleType, ModuleType, ModuleType]:
    sys.path.insert(0, str(package))
    try:
        root = importlib.import_module("vietnam_provinces")
        legacy = importlib.import_module("vietnam_provinces.legacy._lookup")
        wards = importlib.import_module("vietnam_provinces._ward_conversion_2025")
        provinces = importlib.import_module("vietnam_provinces._province_conversion_2025")
    finally:
        sys.path.remove(str(package))
    return root, legacy, wards, provinces


def current_rows(package: Path) -> tuple[list[Row], list[Row]]:
    data = json.loads(
        (package / "vietnam_provinces" / "data" / "nested-divisions.json").read_text("utf-8")
    )
    provinces: list[Row] = []
    communes: list[Row] = []
    for province in data:
        p_code = f"{province['code']:02d}"
        provinces.append(Row(p_code, *split_name(province["name"], province["division_type"])))
        for ward in province["wards"]:
            communes.append(
                Row(f"{ward['code']:05d}", *split_name(ward["name"], ward["division_type"]), p_code)
            )
    return sorted(provinces, key=by_code), sorted(communes, key=by_code)


def write_csv(out: Path, stem: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """Plain CSV: the loader splits lines on commas, so no field may need quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        if any(ch in field for field in row for ch in ',"\r\n') or len(row) != len(header):
            raise SystemExit(f"{stem}: row {row} would need quoting")
        writer.writerow(row)
    data = buffer.getvalue().encode("utf-8")
    plain, packed = out / f"{stem}.csv", out / f"{stem}.csv.gz"
    if len(data) > GZIP_ABOVE:
        packed.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        plain.unlink(missing_ok=True)
        return packed
    plain.write_bytes(data)
    packed.unlink(missing_ok=True)
    return plain


def release(package: Path) -> str:
    """Version and data version of an unpacked wheel, read without importing it."""
    text = (package / "vietnam_provinces" / "__init__.py").read_text("utf-8")
    found = dict(re.findall(r"^(__version__|__data_version__) = '([^']*)'", text, flags=re.M))
    return f"{found.get('__version__', '?')} (data of {found.get('__data_version__', '?')})"


def compare_current(compare: Path, communes: list[Row]) -> list[tuple[str, str, str]]:
    """Communes whose code differs in another release: (our code, their code, name)."""
    _, other = current_rows(compare)
    ours = {(r.name, r.subtype, r.parent): r.code for r in communes}
    theirs = {(r.name, r.subtype, r.parent): r.code for r in other}
    moved = sorted(
        (ours[k], theirs[k], k[0]) for k in ours.keys() & theirs.keys() if ours[k] != theirs[k]
    )
    print(
        f"compare {compare}: {len(other)} communes; {len(moved)} carry another code there; "
        f"{len(ours.keys() - theirs.keys())} names only here, "
        f"{len(theirs.keys() - ours.keys())} only there",
        file=sys.stderr,
    )
    for ours_code, their_code, name in moved[:10]:
        print(f"  {name}: {ours_code} here, {their_code} there", file=sys.stderr)
    return moved


SOURCE_MD = """\
<!-- snapshot: {extracted}; vietnam-provinces {version} -->
# Administrative units of Vietnam (bundled snapshot)

Offline list of Vietnam's administrative units for An Ninh Desktop, loaded by
`anninh_desktop/services/unit_catalog.py`. Generated by `scripts/make_units_snapshot.py`; do not
edit by hand. Extraction date: **{extracted}**.

## Contents

All files are UTF-8 (no BOM), text in NFC, one header row, sorted by code. Names are stored
without the type prefix ("Châu Hưng" + subtype "xã"; the program shows "Xã Châu Hưng"). Codes are
the official codes, zero-padded: 2 digits for provinces, 3 for districts, 5 for communes. Files
over ~300 KB are gzipped (`.csv.gz`). Names are as in the source (NFC, spaces collapsed); the
one old ward officially written "Phường Phường Đúc" (Huế) is stored as "Phường Đúc", subtype
"phường".

| File | Rows | What |
|---|---:|---|
{files}

Current units, from 1 July 2025 (two-level local government, QĐ 19/2025/QĐ-TTg):

- {n_prov} provinces ({prov_types});
- {n_comm} commune-level units ({comm_types}).

Historic units, until 30 June 2025:

- {n_hprov} provinces ({hprov_types});
- {n_hdist} districts ({dist_types});
- {n_hcomm} communes ({hcomm_types}).

`successions.csv` links each historic unit to the current unit(s) that took over its territory:
`old_kind,old_code,new_kind,new_code,partly`.

- commune → commune: the Government conversion table, one row per (old, new) pair; an old commune
  split across several new ones has several rows. `partly` = 1 where the table marks the old
  commune as only partly merged ("Nhập một phần").
- province → province: derived from the commune rows through the historic hierarchy (each old
  province went whole into one new province). `partly` = 0. (The package's own province table
  also lists Tiền Giang (82) → Tây Ninh (80): the conversion table files old Phường 4 of Tân An,
  Long An, under Tiền Giang; the historic hierarchy puts it in Long An.)
- district → commune: derived from the commune rows (every new commune that received territory of
  one of the district's communes); the five districts without communes (Bạch Long Vĩ, Cồn Cỏ,
  Hoàng Sa, Lý Sơn, Côn Đảo) map to the special zone (đặc khu) of the same name. `partly` = 1 when
  the district went to more than one new commune.

## Where it came from

- PyPI package `vietnam-provinces` {version} (data version {data_version}), by Nguyễn Hồng Quân,
  <https://github.com/sunshine-tech/VietnamProvinces>, wheel unpacked locally; we read its
  `data/nested-divisions.json` (current units), `legacy/_lookup.py` (pre-2025 provinces, districts
  and wards) and `_ward_conversion_2025.py` (old → new wards).
- Upstream sources as the package names them (README, `dev/seed-data/` in its repository, the
  header of `_ward_conversion_2025.py`):
  - names and codes: the National Statistics Office of Viet Nam (Tổng cục Thống kê),
    <https://danhmuchanhchinh.nso.gov.vn/>;
  - the list from 1 July 2025: the Government's published draft of the decision on the list and
    codes of administrative units ("Dự thảo Quyết định của Thủ tướng Chính phủ ban hành Bảng danh
    mục và mã số các đơn vị hành chính", chinhphu.vn, page
    `du-thao-quyet-dinh-cua-thu-tuong-chinh-phu-ban-hanh-bang-danh-muc-va-ma-so-cac-don-vi-hanh-chinh-7546`),
    issued as QĐ 19/2025/QĐ-TTg;
  - the list before 1 July 2025: the NSO list of 2025-01-04 (`Xa_2025-01-04.csv`);
  - the succession: the Government conversion table of old and new units,
    `{conversion_source}`.
{compare_note}
## Licence

The package's code and packaging are GPL-3.0-or-later, so the program does not depend on it or ship
any of its files. We extract only facts - official names, codes, types and succession - into our own
format and files. These are official public state information: legal documents and administrative
information of state agencies are not protected by copyright (Law on Intellectual Property of
Vietnam, Art. 15). The snapshot is therefore part of this project and follows its licence.

## Known gaps

- The historic list is the NSO list of 2025-01-04. A few changes between then and 30 June 2025 are
  not reflected (e.g. Huyện Mộc Châu had become Thị xã Mộc Châu, some HCMC wards were merged).
- {n_gone} communes of that list are missing from the conversion table: they had already been
  merged into other units before 1 July 2025 and the source does not say into which. They are left
  out, so that every historic commune has a known successor:
{gone}
- {n_unnamed} old codes of the conversion table (units created in early 2025) are not in the
  2025-01-04 list, so the source has no names for them; they are left out too:
{unnamed}

## Regenerate

    .venv/bin/python scripts/make_units_snapshot.py --package /tmp/vp/w26/x --compare /tmp/vp/x

with the wheel unpacked (`unzip vietnam_provinces-<version>-py3-none-any.whl -d /tmp/vp/w26/x`).
Then run `pytest tests/services/test_unit_catalog.py`; its counts are to be updated on purpose.
"""


def counts(rows: Iterable[Row]) -> str:
    tally: dict[str, int] = defaultdict(int)
    for row in rows:
        tally[row.subtype] += 1
    return ", ".join(f"{n:,} {t}" for t, n in sorted(tally.items(), key=lambda kv: -kv[1]))


@dataclass
class Snapshot:
    provinces: list[Row]
    communes: list[Row]
    h_provinces: list[Row]
    h_districts: list[Row]
    h_communes: list[Row]
    successions: list[tuple[str, str, str, str, str]]
    gone: list[Row]  # in the 2025-01-04 list, not in the conversion table
    unnamed: list[str]  # old codes of the conversion table missing from the 2025-01-04 list


def historic_rows(legacy: ModuleType) -> tuple[list[Row], list[Row], dict[str, Row]]:
    provinces = [
        Row(f"{p.code.value:02d}", *split_name(p.name, p.division_type.value))
        for p in legacy.PROVINCE_MAPPING.values()
    ]
    districts = [
        Row(
            f"{d.code.value:03d}",
            *split_name(d.name, d.division_type.value),
            f"{d.province_code.value:02d}",
        )
        for d in legacy.DISTRICT_MAPPING.values()
    ]
    wards = {
        f"{w.code.value:05d}": Row(
            f"{w.code.value:05d}",
            *split_name(w.name, w.division_type.value),
            f"{w.district_code.value:03d}",
        )
        for w in legacy.WARD_MAPPING.values()
    }
    return sorted(provinces, key=by_code), sorted(districts, key=by_code), wards


def build(package: Path) -> tuple[Snapshot, ModuleType, ModuleType]:
    root, legacy, conversion, province_conversion = load_package(package)
    provinces, communes = current_rows(package)
    commune_province = {r.code: r.parent for r in communes}
    h_provinces, h_districts, wards = historic_rows(legacy)
    district_province = {r.code: r.parent for r in h_districts}

    old_to_new: dict[str, list[tuple[str, bool]]] = {}
    for old, entry in conversion.OLD_TO_NEW.items():
        partly = bool(entry.old_ward.is_partly_merged)
        old_to_new[f"{old:05d}"] = sorted({(f"{n.code:05d}", partly) for n in entry.new_wards})
    h_communes = sorted((wards[c] for c in wards if c in old_to_new), key=by_code)

    successions: list[tuple[str, str, str, str, str]] = []
    province_to: dict[str, set[str]] = defaultdict(set)
    district_to: dict[str, set[str]] = defaultdict(set)
    for row in h_communes:
        for new, partly in old_to_new[row.code]:
            if new not in commune_province:
                raise SystemExit(f"successor {new} of {row.code} is not a current commune")
            successions.append(("commune", row.code, "commune", new, "1" if partly else "0"))
            district_to[row.parent].add(new)
            province_to[district_province[row.parent]].add(commune_province[new])

    # Districts without communes became the special zone (đặc khu) of the same name.
    special = {(r.parent, r.name): r.code for r in communes if r.subtype == "đặc khu"}
    for district in h_districts:
        if not district_to[district.code]:
            found = {special.get((p, district.name)) for p in province_to[district.parent]}
            found.discard(None)
            if len(found) != 1:
                raise SystemExit(f"no successor for district {district.code} {district.name}")
            district_to[district.code] = {code for code in found if code}
        targets = sorted(district_to[district.code])
        split = "1" if len(targets) > 1 else "0"
        successions.extend(("district", district.code, "commune", new, split) for new in targets)

    package_table = {
        f"{old:02d}": sorted(f"{n.code:02d}" for n in e.new_provinces)
        for old, e in province_conversion.OLD_TO_NEW.items()
    }
    for province in h_provinces:
        targets = sorted(province_to[province.code])
        if len(targets) != 1:
            raise SystemExit(f"province {province.code} {province.name} goes to {targets}")
        if package_table.get(province.code) != targets:
            said = package_table.get(province.code)
            print(
                f"note: the package's province table says {province.code} → {said}, "
                f"its commune rows say {targets}; using the latter",
                file=sys.stderr,
            )
        successions.append(("province", province.code, "province", targets[0], "0"))
    successions.sort(key=lambda s: (KIND_ORDER[s[0]], s[1], KIND_ORDER[s[2]], s[3]))

    snapshot = Snapshot(
        provinces=provinces,
        communes=communes,
        h_provinces=h_provinces,
        h_districts=h_districts,
        h_communes=h_communes,
        successions=successions,
        gone=[wards[c] for c in sorted(wards) if c not in old_to_new],
        unnamed=sorted(c for c in old_to_new if c not in wards),
    )
    return snapshot, root, conversion


def write_tables(out: Path, snap: Snapshot) -> list[tuple[Path, int, str]]:
    base = ("code", "name", "subtype")
    with_province, with_district = (*base, "province_code"), (*base, "district_code")
    succession = ("old_kind", "old_code", "new_kind", "new_code", "partly")
    tables: list[tuple[str, tuple[str, ...], list[tuple[str, ...]], str]] = [
        ("provinces", base, [astuple(r)[:3] for r in snap.provinces], "current provinces"),
        ("communes", with_province, [astuple(r) for r in snap.communes], "current communes"),
        ("historic-provinces", base, [astuple(r)[:3] for r in snap.h_provinces], "old provinces"),
        (
            "historic-districts",
            with_province,
            [astuple(r) for r in snap.h_districts],
            "old districts",
        ),
        ("historic-communes", with_district, [astuple(r) for r in snap.h_communes], "old communes"),
        ("successions", succession, list(snap.successions), "old → current"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    return [
        (write_csv(out, stem, head, rows), len(rows), what) for stem, head, rows, what in tables
    ]


def compare_note(compare: Path | None, communes: list[Row]) -> str:
    if compare is None:
        return ""
    moved = compare_current(compare, communes)
    if not moved:
        return ""
    ours, theirs, name = next((m for m in moved if m[2] == "Cửa Nam"), moved[0])
    return (
        f"\nThe older release {release(compare)} of the package gives {len(moved)} of the\n"
        f"{len(communes):,} communes other codes (e.g. {name}: {theirs} there, {ours} here),\n"
        "and a few names spelt differently; we use the release above, whose codes agree with its\n"
        "conversion table and which is the later one.\n"
    )


def write_source(
    out: Path,
    snap: Snapshot,
    written: list[tuple[Path, int, str]],
    root: ModuleType,
    conversion: ModuleType,
    extracted: str,
    note: str,
) -> None:
    districts = {r.code: r for r in snap.h_districts}
    gone = "\n".join(
        f"  - {r.code} {full_name(r)}, {full_name(districts[r.parent])}" for r in snap.gone
    )
    unnamed = textwrap.fill(
        ", ".join(snap.unnamed), width=98, initial_indent="  ", subsequent_indent="  "
    )
    text = SOURCE_MD.format(
        extracted=extracted,
        version=root.__version__,
        data_version=root.__data_version__,
        conversion_source=clean(conversion.SOURCE),
        files="\n".join(f"| `{path.name}` | {n:,} | {what} |" for path, n, what in written),
        n_prov=len(snap.provinces),
        prov_types=counts(snap.provinces),
        n_comm=f"{len(snap.communes):,}",
        comm_types=counts(snap.communes),
        n_hprov=len(snap.h_provinces),
        hprov_types=counts(snap.h_provinces),
        n_hdist=len(snap.h_districts),
        dist_types=counts(snap.h_districts),
        n_hcomm=f"{len(snap.h_communes):,}",
        hcomm_types=counts(snap.h_communes),
        n_gone=len(snap.gone),
        gone=gone,
        n_unnamed=len(snap.unnamed),
        unnamed=unnamed,
        compare_note=note,
    )
    (out / "SOURCE.md").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build resources/units/ from vietnam-provinces.")
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE)
    parser.add_argument("--compare", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--extracted", default=DEFAULT_EXTRACTED, help="date for SOURCE.md")
    args = parser.parse_args(argv)
    if args.compare is None and args.package == DEFAULT_PACKAGE and DEFAULT_COMPARE.exists():
        args.compare = DEFAULT_COMPARE

    snap, root, conversion = build(args.package)
    written = write_tables(args.out, snap)
    note = compare_note(args.compare, snap.communes)
    write_source(args.out, snap, written, root, conversion, args.extracted, note)

    total = 0
    for path, n, _ in written:
        total += path.stat().st_size
        print(f"{path.name}: {n:,} rows, {path.stat().st_size:,} bytes")
    print(
        f"total {total:,} bytes; left out: {len(snap.gone)} old communes, {len(snap.unnamed)} codes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
