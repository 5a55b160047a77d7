#!/usr/bin/env python3
"""Deterministic lead file for the throughput benchmark (issue 5).

    python3 bench/gen_leads.py ROWS OUT.csv [--seed N]

Writes OUT.csv and OUT.json (what the file holds and what a correct import of
it must report). The same ROWS and seed always give the same bytes: the only
randomness is one random.Random(seed), and the primaries come from a
permutation of a number space, not from the generator's luck.

The shape is the one issue 5 measured: 11 columns

    phone_number, customer_name, company, age, score, vip, opted_in,
    secondary_phone_1, secondary_1_name, secondary_phone_2, secondary_2_name

about 106 bytes and 2.3 phone numbers a row, 5% of rows with one bad phone
(4 in 5 of them the primary), 2% of rows repeating an earlier accepted primary
(in a format of their own, so the duplicate shows only after normalisation).
Every other cell is valid, so a correct import stores exactly
rows - bad - duplicates leads: the JSON says how many, and run.sh checks it.

Speed: 10M rows must take tens of seconds, not minutes (about 40 s here), so
the hot loop draws three 64-bit random numbers per row and slices them into
the small choices, keeps the pools in local variables and writes the file in
large blocks.
"""
import argparse
import hashlib
import json
import os
import random
import sys
import time

# --- valid number ranges ----------------------------------------------------
# Each national number is checked against libphonenumber 8.12's metadata (the
# Debian build the extension links): US area codes that are in service and
# take every exchange [2-9]XX (not 505: 505-64X is not), GB mobiles 77[1-7]X
# (not 7911: only 79111 and 79117 are valid, and as Guernsey), DE Berlin
# 30 + 7 digits and mobiles 151/160/176 + 8 digits, the other 17X + 7 (8 are
# valid in 8.12 but not in 8.13, Debian 13's: PostgreSQL 17's bench lost
# 54,000 rows to phone_invalid), FR mobiles 6[0-24-8], ES mobiles
# 6XX, AU mobiles 4[0-2]X. Each range was checked whole against
# libphonenumber's IsValidNumber; run.sh's counter check would show any
# number the import refuses.
US_AREAS = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215,
            216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248,
            251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301,
            302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316,
            317, 318, 319, 320, 321, 323, 325, 330, 334, 336, 337, 339, 347,
            351, 352, 360, 361, 386, 401, 402, 404, 405, 406, 407, 408, 409,
            410, 412, 413, 414, 415, 417, 419, 423, 425, 430, 432, 434, 435,
            440, 443, 469, 478, 479, 480, 484, 501, 502, 503, 504, 507,
            508, 509, 510, 512, 513, 515, 516, 517, 518, 520, 530, 540, 541,
            551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 580, 585, 586,
            601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616,
            617, 618, 619, 620, 623, 626, 630, 631, 636, 641, 646, 650, 651,
            660, 661, 662, 678, 682, 701, 702, 703, 704, 706, 707, 708, 712,
            713, 714, 715, 716, 717, 718, 719, 720, 724, 727, 731, 732, 734,
            740, 754, 757, 760, 763, 765, 770, 772, 773, 774, 775, 781, 785,
            786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815,
            816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850, 856,
            857, 858, 859, 860, 862, 863, 864, 865, 870, 901, 903, 904, 906,
            907, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919, 920,
            925, 928, 931, 936, 937, 940, 941, 949, 951, 952, 954, 956, 970,
            971, 972, 973, 978, 979, 980, 985, 989]
DE_MOBILE = ["151", "160", "170", "171", "172", "173", "174", "175", "176",
             "177", "178", "179"]
FR_MOBILE = ["60", "61", "62", "64", "65", "66", "67", "68"]

FIRST = ["Ada", "Alan", "Grace", "Katherine", "Linus", "Margaret", "Dennis",
         "Barbara", "Edsger", "Frances", "John", "Mary", "Ken", "Radia",
         "Donald", "Hedy", "Tim", "Annie", "Claude", "Sophie", "Niklaus",
         "Karen", "Bjarne", "Shafi", "James", "Lynn", "Guido", "Anita",
         "Jean", "Lucia", "Marta", "Pierre", "Hans", "Ingrid", "Yuki", "Ravi"]
LAST = ["Lovelace", "Turing", "Hopper", "Johnson", "Torvalds", "Hamilton",
        "Ritchie", "Liskov", "Dijkstra", "Allen", "Backus", "Keller",
        "Thompson", "Perlman", "Knuth", "Lamarr", "Berners-Lee", "Easley",
        "Shannon", "Wilson", "Wirth", "Jones", "Stroustrup", "Goldwasser",
        "Gosling", "Conway", "van Rossum", "Borg", "Sammet", "Schmidt",
        "Garcia", "Dupont", "Meyer", "Larsen", "Tanaka", "Patel"]
COMPANY_WORD = ["Analytical", "Northwind", "Contoso", "Initech", "Globex",
                "Umbrella", "Stark", "Wayne", "Acme", "Hooli", "Vandelay",
                "Pied Piper", "Tyrell", "Cyberdyne", "Soylent", "Wonka",
                "Oceanic", "Aperture", "Massive", "Gringotts"]
COMPANY_KIND = ["Engines", "Traders", "Logistics", "Laboratories", "Systems",
                "Foods", "Partners", "Media", "Energy", "Robotics"]
COMPANY_SUFFIX = ["Ltd", "Inc.", "GmbH", "S.A.", "LLC", "Holdings"]
YES = ["yes", "no", "true", "false", "Y", "N", "1", "0"]

# A bad phone, and the error the import should give it (for the record only:
# run.sh checks counts, not codes). Realistic mistakes, not line noise.
BAD_PHONES = [
    "4155552671",            # 10 digits, no country code: refused on purpose
    "+1 415 555",            # too short
    "+1 123 555 2671",       # US area codes never start with 1: invalid
    "+44 7911 1234567890",   # too long
    "+999 1234 5678",        # no such country code
    "call after 5pm",        # not a number
    "n/a",
    "",                      # missing
    "+49 30",                # too short
    "555-2671",              # a local number
]


class Numbers:
    """Unique primaries: row i's number comes from an affine permutation of
    the space of all numbers this generator can write, so no two rows share a
    primary unless the file asks for a duplicate, and a duplicate can rebuild
    row j's number from j alone (no list of 10M numbers in memory)."""

    def __init__(self, rng):
        # One block per country, each permuted on its own: US 273 areas x 8M
        # lines, GB 70M, DE 21M, FR 80M, ES 100M, AU 30M. Row i's block is
        # fixed by i % 20, not by the rng, so the country mix is exact:
        # 50% US, 15% GB, 15% DE, 10% FR, 5% ES, 5% AU.
        self.us_space = len(US_AREAS) * 8_000_000
        self.mult = 2_654_435_761  # a prime larger than every block: a bijection on each
        self.add = rng.getrandbits(32)

    def perm(self, k, size):
        return (k * self.mult + self.add) % size

    def national(self, i):
        """(country code, national digits, grouping) of row i's primary."""
        slot = i % 20
        k = i // 20
        if slot < 10:   # US: area, exchange [2-9]XX, line XXXX
            k = self.perm(k * 10 + slot, self.us_space)
            area, rest = divmod(k, 8_000_000)
            n = f"{US_AREAS[area]}{rest + 2_000_000:07d}"
            return "1", n, (3, 3, 4)
        if slot < 13:   # GB mobile 77[1-7]X XXXXXX
            k = self.perm(k * 3 + slot - 10, 7_000_000 * 10)
            n = f"77{1 + k // 10_000_000}{k % 10_000_000:07d}"
            return "44", n, (4, 6)
        if slot < 16:   # DE: Berlin 30 [1-9]XXXXXX, or mobile 151/160/17X XXXXXXXX
            k = self.perm(k * 3 + slot - 13, 9_000_000 + 12_000_000)
            if k < 9_000_000:
                return "49", f"30{1_000_000 + k}", (2, 7)
            k -= 9_000_000
            prefix = DE_MOBILE[k % 12]
            if prefix.startswith("17") and prefix != "176":  # 8 digits: valid in 8.12 only
                return "49", f"{prefix}{k // 12:07d}", (3, 7)
            return "49", f"{prefix}{k // 12:08d}", (3, 8)
        if slot < 18:   # FR mobile 6X XX XX XX XX
            k = self.perm(k * 2 + slot - 16, 8 * 10_000_000)
            return "33", f"{FR_MOBILE[k % 8]}{k // 8:07d}", (1, 2, 2, 2, 2)
        if slot < 19:   # ES mobile 6XX XXX XXX
            k = self.perm(k, 100_000_000)
            return "34", f"6{k:08d}", (3, 3, 3)
        k = self.perm(k, 30_000_000)  # AU mobile 4[0-2]X XXX XXX
        return "61", f"4{k // 10_000_000}{k % 10_000_000:07d}", (3, 3, 3)


def group(digits, sizes, sep):
    out, p = [], 0
    for s in sizes:
        out.append(digits[p:p + s])
        p += s
    if p < len(digits):
        out[-1] += digits[p:]
    return sep.join(out)


def formatted(cc, nat, sizes, style):
    """One number as people type it. Styles (of 16): 0-6 '+1 415 555 2671',
    7-9 '+14155552671', 10-11 '+1-415-555-2671' or '+1 (415) 555-2671',
    12-13 '0044 7723 123456', 14-15 digits that lost their '+'."""
    if style <= 6:
        return f"+{cc} {group(nat, sizes, ' ')}"
    if style <= 9:
        return f"+{cc}{nat}"
    if style == 10:
        return f"+{cc}-{group(nat, sizes, '-')}"
    if style == 11:
        if cc == "1":
            return f"+1 ({nat[:3]}) {nat[3:6]}-{nat[6:]}"
        return f"+{cc} {group(nat, sizes, ' ')}"
    if style <= 13:
        return f"00{cc} {group(nat, sizes, ' ')}"
    return f"{cc}{nat}"


def generate(rows, path, seed):
    rng = random.Random(seed)
    nums = Numbers(rng)
    bits = rng.getrandbits
    fmt = formatted
    first, last = FIRST, LAST
    cw, ck, cs = COMPANY_WORD, COMPANY_KIND, COMPANY_SUFFIX
    yes = YES
    bad_phones = BAD_PHONES
    # 0 accepted, 1 bad phone, 2 duplicate: a duplicate must point at an
    # accepted row, otherwise it would itself be accepted.
    status = bytearray(rows)
    n_bad = n_dup = n_contacts = n_phones = 0
    header = ("phone_number,customer_name,company,age,score,vip,opted_in,"
              "secondary_phone_1,secondary_1_name,secondary_phone_2,secondary_2_name\n")
    out = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        for i in range(rows):
            r = bits(64)  # the variables
            p = bits(64)  # the primary: kind of row, format, which bad phone
            kind = p % 1000
            style = (p >> 10) % 16
            # Names: 2% as 'Last, First', which must be quoted.
            fn, ln = first[r % 36], last[(r >> 6) % 36]
            name = f'"{ln}, {fn}"' if (r >> 12) % 50 == 0 else f"{fn} {ln}"
            company = f"{cw[(r >> 18) % 20]} {ck[(r >> 23) % 10]} {cs[(r >> 27) % 6]}"
            age = 18 + (r >> 30) % 70
            score = f"{(r >> 37) % 100}.{(r >> 44) % 100:02d}"
            vip = yes[(r >> 51) % 8]
            opted = yes[(r >> 54) % 8]

            # Secondaries: slot 1 present 80%, slot 2 present 50% (1.3 a row).
            s = bits(64)
            sec1 = sec2 = ""
            n1 = n2 = ""
            if s % 10 < 8:
                t = s // 10
                if t % 2:
                    sec1 = fmt("1", f"{(212, 646, 917)[t % 3]}{2_000_000 + (t >> 3) % 8_000_000}",
                               (3, 3, 4), (t >> 26) % 16)
                else:
                    sec1 = fmt("44", f"7723{(t >> 3) % 1_000_000:06d}", (4, 6), (t >> 26) % 16)
                n1 = f"{first[(t >> 30) % 36]} {last[(t >> 36) % 36]}"
            if (s >> 42) % 2:
                t = s >> 43
                if t % 2:
                    sec2 = fmt("49", f"30{1_000_000 + (t >> 1) % 9_000_000}", (2, 7), 0)
                else:
                    sec2 = fmt("33", f"{FR_MOBILE[(t >> 1) % 8]}{(t >> 4) % 10_000_000:07d}",
                               (1, 2, 2, 2, 2), 0)
                n2 = f"{first[(t >> 9) % 36]} {last[(t >> 15) % 36]}"

            if kind < 50:
                # 5% of rows carry one bad phone: 4 in 5 the primary.
                status[i] = 1
                n_bad += 1
                bad = bad_phones[(p >> 14) % 10]
                if kind < 40 or not (sec1 or sec2):
                    phone = bad
                else:
                    cc, nat, sizes = nums.national(i)
                    phone = fmt(cc, nat, sizes, style)
                    if sec1:
                        sec1 = bad if bad else "+1 415 555"
                    else:
                        sec2 = bad if bad else "+1 415 555"
            elif kind < 70 and i > 0:
                # 2% repeat an earlier accepted primary, in a format of their own.
                j = (p >> 20) % i
                while status[j] != 0 and j > 0:
                    j -= 1
                if status[j] == 0 and j != i:
                    status[i] = 2
                    n_dup += 1
                    cc, nat, sizes = nums.national(j)
                else:
                    cc, nat, sizes = nums.national(i)
                phone = fmt(cc, nat, sizes, (style + 7) % 16)
            else:
                cc, nat, sizes = nums.national(i)
                phone = fmt(cc, nat, sizes, style)

            if status[i] == 0:
                n_contacts += (sec1 != "") + (sec2 != "")
            n_phones += (phone != "") + (sec1 != "") + (sec2 != "")
            out.append(f"{phone},{name},{company},{age},{score},{vip},{opted},"
                       f"{sec1},{n1},{sec2},{n2}\n")
            if len(out) >= 50_000:
                f.write("".join(out))
                out.clear()
        f.write("".join(out))
    size = os.path.getsize(path)
    return {
        "rows": rows,
        "seed": seed,
        "generator": generator_version(),
        "bytes": size,
        "bytes_per_row": round(size / max(rows, 1), 1),
        "phone_numbers": n_phones,
        "bad_phone_rows": n_bad,
        "duplicate_rows": n_dup,
        "expected_imported_rows": rows - n_bad - n_dup,
        "expected_failed_rows": n_bad + n_dup,
        "expected_contacts": n_contacts,
    }


def generator_version():
    """A file made by another version of this script is not reused."""
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--version":
        print(generator_version())
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20240505)
    a = ap.parse_args()
    t0 = time.time()
    tmp = a.out + ".part"  # a half-written file must never be reused
    meta = generate(a.rows, tmp, a.seed)
    os.replace(tmp, a.out)
    meta["generate_seconds"] = round(time.time() - t0, 1)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as f:
        json.dump(meta, f, indent=1)
    json.dump(meta, sys.stdout)
    print()


if __name__ == "__main__":
    main()
