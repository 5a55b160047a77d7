#!/usr/bin/env python3
"""Hostile files for bench/hostile.sh (issue 10), and the runner that measures them.

    python3 bench/hostile_files.py generate DIR      # writes the files and DIR/cases.json
    python3 bench/hostile_files.py run DIR OUT.md    # runs every case, prints the table

Python standard library only. `generate` is deterministic (fixed seeds and
zip timestamps) and skips a file that already exists with the size it had
last time (DIR/cases.json), so a second run costs nothing.

`run` needs PGHOST/PGPORT/PGUSER (a superuser) and HOSTILE_DB, as
bench/hostile.sh sets them, and runs as root (it reads /proc/<backend>/status
and, as a last resort, SIGKILLs a backend). Each case runs twice, each time in
a fresh psql session:

  1. to the end: outcome, wall seconds (from the moment the session wrote its
     backend pid to psql's exit), and the peak RssAnon of the backend sampled
     every 20 ms (its private memory: palloc, C++ heap; shared buffers are not
     counted);
  2. cancelled: 0.3 s after the statement started another session runs
     `SELECT clock_timestamp(), pg_cancel_backend(pid)`; "cancel" is the time
     from that clock_timestamp() to the exit of the first psql (it exits as
     soon as the statement ends: ON_ERROR_STOP). "-" when the statement had
     already ended.

Guards, so the benchmark itself never hangs or eats the shared machine: a run
still going after GUARD seconds (default 120), or a cancelled run still going
CANCEL_WAIT seconds (default 30) after the cancel, or a backend whose RssAnon
passes MEM_GUARD_MB (default 4096), gets pg_terminate_backend, then SIGKILL 3 s
later if it is still there (the postmaster then restarts every backend; the
runner waits for it). The table says so ("killed after 120 s").
"""
import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib

GEN_VERSION = "2"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MiB = 1 << 20

# Sizes (the brief of issue 10's benchmark; scaled only where said).
XLS_HOSTILE_CELLS = int(os.environ.get("XLS_HOSTILE_CELLS", "5"))  # FreeXL 1.0.6: ~1.2-3 s each
# The hostile value: FreeXL casts a date's serial to int and counts its days
# one by one; ~2.1e9 (just under INT_MAX) is the slow one. 1e300 overflows
# the cast (negative on x86-64) and costs nothing.
XLS_HOSTILE_VALUE = 2.1e9
BOMB_BYTES = 1 << 30  # the zip bomb's sheet, inflated


# --------------------------------------------------------------------------
# xlsx building blocks

def content_types(shared):
    o = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
         '<Default Extension="xml" ContentType="application/xml"/>',
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>']
    if shared:
        o.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    o.append("</Types>")
    return "".join(o)


ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
             '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
             "</Relationships>" % (PKG_REL, REL))
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook %s %s><sheets>'
            '<sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, NS_R))


def workbook_rels(shared):
    r = '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>' % REL
    if shared:
        r += '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % REL
    return '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">%s</Relationships>' % (PKG_REL, r)


def sheet_head(prolog=""):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n%s<worksheet %s><sheetData>'
            % (prolog, NS))


SHEET_TAIL = "</sheetData></worksheet>"


def small_parts(shared_xml=None):
    parts = [("[Content_Types].xml", content_types(shared_xml is not None)),
             ("_rels/.rels", ROOT_RELS),
             ("xl/workbook.xml", WORKBOOK),
             ("xl/_rels/workbook.xml.rels", workbook_rels(shared_xml is not None))]
    if shared_xml is not None:
        parts.append(("xl/sharedStrings.xml", shared_xml))
    return parts


def write_xlsx(path, sheet_chunks, shared_xml=None, level=6):
    """sheet_chunks: an iterable of str/bytes pieces of xl/worksheets/sheet1.xml,
    streamed into the zip (sizes in the headers are the real ones)."""
    with zipfile.ZipFile(path, "w", allowZip64=True) as z:
        for name, data in small_parts(shared_xml):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode() if isinstance(data, str) else data, compresslevel=level)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.compresslevel = level
        with z.open(info, "w", force_zip64=True) as f:
            for chunk in sheet_chunks:
                f.write(chunk.encode() if isinstance(chunk, str) else chunk)


def col_name(c):  # 0-based
    s = ""
    n = c + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def inline(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def phone(i):
    # +1 415 555 2000 … : valid US numbers, distinct per row
    return "+1415555%04d" % (2000 + i % 8000)


# --------------------------------------------------------------------------
# the cases

def csv_2m_commas(path):
    # One data row of 2,000,001 cells ("123,"): ~8 MB.
    with open(path, "w") as f:
        f.write("phone_number,customer_name\n")
        f.write("+14155552671,")
        f.write("123," * 2_000_000)
        f.write("end\n")


def csv_20000_columns(path):
    with open(path, "w") as f:
        f.write("phone_number," + ",".join("col%d" % i for i in range(2, 20001)) + "\n")
        f.write("+14155552671," + ",".join("1" for _ in range(2, 20001)) + "\n")


def csv_300_rows_7kb_headers(path):
    # 280 distinct header names of ~7 KB (1.96 MB of header), 300 short rows:
    # a per-row copy of the header would be 300 x 2 MB.
    cols = 280
    with open(path, "w") as f:
        names = ["phone_number"] + ["h%03d_" % i + "n" * 7000 for i in range(1, cols)]
        f.write(",".join(names) + "\n")
        for r in range(300):
            f.write(phone(r) + "," + ",".join("x" for _ in range(1, cols)) + "\n")


def csv_100mb_cell(path):
    with open(path, "w") as f:
        f.write("phone_number,customer_name\n+14155552671,")
        block = "a" * MiB
        for _ in range(100):
            f.write(block)
        f.write("\n")


def csv_16384x2000(path):
    cols = 16384
    with open(path, "w") as f:
        f.write("phone_number,customer_name," + ",".join("c%d" % i for i in range(3, cols + 1)) + "\n")
        tail = "," + ",".join("1" for _ in range(3, cols + 1)) + "\n"
        for r in range(2000):
            f.write(phone(r) + ",n" + tail)


def csv_16000_equal_headers(path):
    with open(path, "w") as f:
        f.write("phone_number," + ",".join("a" for _ in range(16000)) + "\n")
        f.write("+14155552671," + ",".join("1" for _ in range(16000)) + "\n")


def csv_unclosed_quote_50mb(path):
    with open(path, "w") as f:
        f.write('phone_number,customer_name\n"')
        line = "+14155552671,Ada Lovelace\n" * 40000  # ~1 MB
        for _ in range(50):
            f.write(line)


def csv_header_only_16384(path):
    with open(path, "w") as f:
        f.write("phone_number," + ",".join("c%d" % i for i in range(2, 16385)) + "\n")


def xlsx_shared_1mib_x63(path):
    # One shared string of ~1 MiB (just under the 1 MiB cell limit) used as 63
    # header cells; 40 data rows of short cells. ~3 KB on disk.
    big = "s" * (MiB - 1024)
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst %s count="2583" uniqueCount="2">'
              '<si><t>%s</t></si><si><t>v</t></si></sst>' % (NS, big))
    rows = ['<row r="1">' + inline("A1", "phone_number")
            + "".join('<c r="%s1" t="s"><v>0</v></c>' % col_name(c) for c in range(1, 64)) + "</row>"]
    for r in range(2, 42):
        rows.append('<row r="%d">' % r + inline("A%d" % r, phone(r))
                    + '<c t="s"><v>1</v></c>' * 63 + "</row>")
    write_xlsx(path, [sheet_head(), "".join(rows), SHEET_TAIL], shared_xml=shared, level=9)


def xlsx_1mib_headers(path):
    # 8 distinct header cells of ~1 MiB each, random letters so that no
    # compression-ratio check stops it before the header is read; 200 rows.
    rnd = random.Random(10)
    letters = "abcdefghijklmnopqrstuvwxyz"
    cells = [inline("A1", "phone_number")]
    for c in range(1, 9):
        cells.append(inline("%s1" % col_name(c), "".join(rnd.choices(letters, k=MiB - 1024))))
    rows = ['<row r="1">' + "".join(cells) + "</row>"]
    for r in range(2, 202):
        rows.append('<row r="%d">' % r + inline("A%d" % r, phone(r))
                    + "".join(inline("%s%d" % (col_name(c), r), "v%d" % c) for c in range(1, 9)) + "</row>")
    write_xlsx(path, [sheet_head(), "".join(rows), SHEET_TAIL])


def xlsx_zip_bomb(path):
    # A header row, then 1 GiB of identical rows, deflated (~1 MB); the zip
    # headers give the real sizes.
    head = (sheet_head() + '<row r="1">' + inline("A1", "phone_number") + inline("B1", "customer_name")
            + "</row>").encode()
    row = b"<row><c><v>0</v></c><c><v>0</v></c></row>"
    block = row * (MiB // len(row))
    n_blocks = (BOMB_BYTES - len(head)) // len(block)

    def chunks():
        yield head
        for _ in range(n_blocks):
            yield block
        yield SHEET_TAIL
    write_xlsx(path, chunks(), level=6)


def xlsx_billion_laughs(path):
    decl = ('<!DOCTYPE %s [\n<!ENTITY lol "lol">\n'
            + "".join('<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
                      for i in range(1, 10))
            + "]>\n")
    shared = ('<?xml version="1.0" encoding="UTF-8"?>\n' + decl % "sst"
              + '<sst %s count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>' % NS)
    sheet = (sheet_head(decl % "worksheet") + '<row r="1">' + inline("A1", "phone_number")
             + inline("B1", "customer_name") + '</row><row r="2">' + inline("A2", "+14155552671")
             + '<c r="B2" t="s"><v>0</v></c>' + inline("C2", "&lol9;") + "</row>" + SHEET_TAIL)
    write_xlsx(path, [sheet], shared_xml=shared)


def xlsx_16384_columns(path):
    # 16,384 columns x 300 rows of random numbers (~100 MB of XML, compressed
    # ~4:1: under the zip-bomb ratio check, so every cell is read).
    rnd = random.Random(16384)
    pool = ["<c><v>%d</v></c>" % rnd.randrange(10 ** 6) for _ in range(100000)]

    def chunks():
        yield sheet_head()
        yield ('<row r="1">' + inline("A1", "phone_number") + inline("B1", "customer_name")
               + "".join(inline("%s1" % col_name(c), "c%d" % c) for c in range(2, 16384)) + "</row>")
        for r in range(2, 302):
            yield ('<row r="%d">' % r + inline("A%d" % r, phone(r)) + inline("B%d" % r, "n")
                   + "".join(rnd.choices(pool, k=16382)) + "</row>")
        yield SHEET_TAIL
    write_xlsx(path, chunks(), level=1)


# --- .xls: BIFF8 in a compound file, by hand --------------------------------

def biff(rtype, data=b""):
    return struct.pack("<HH", rtype, len(data)) + data


def xl_unicode(s):  # XLUnicodeString, 8-bit characters
    b = s.encode("latin-1")
    return struct.pack("<HB", len(b), 0) + b


def cfb(stream_name, stream):
    """A CFB v3 file (512-byte sectors) holding one stream of >= 4096 bytes
    (so it lives in the FAT, not the mini stream)."""
    sec = 512
    size = len(stream)
    free, endchain, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    assert size >= 4096, "the stream must be at least 4096 bytes"
    stream = stream + b"\0" * (-size % sec)
    n_stream = len(stream) // sec
    n_fat = 1
    while n_fat * 128 < n_fat + 1 + n_stream:
        n_fat += 1
    assert n_fat <= 109
    # sectors: [0, n_fat) FAT, n_fat directory, then the stream
    fat = [fatsect] * n_fat + [endchain]
    first = n_fat + 1
    fat += [first + i + 1 for i in range(n_stream - 1)] + [endchain]
    fat += [free] * (n_fat * 128 - len(fat))

    def dirent(name, typ, start, size, child=nostream, left=nostream, right=nostream):
        n = (name.encode("utf-16-le") + b"\0\0") if name else b""
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1 if name else 0)
                + struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<II", start, size) + b"\0" * 4)

    directory = (dirent("Root Entry", 5, endchain, 0, child=1)
                 + dirent(stream_name, 2, first, size)
                 + dirent("", 0, 0, 0) + dirent("", 0, 0, 0))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, n_fat, 0, 4096, endchain, 0, endchain, 0)
              + struct.pack("<109I", *(list(range(n_fat)) + [free] * (109 - n_fat))))
    assert len(header) == sec
    return header + struct.pack("<%dI" % len(fat), *fat) + directory + stream


def xls_format166(path):
    """Number format 166 defined twice: first "yyyy-mm-dd" (a date), then "0".
    Cells of 2.1e9 whose XF points at 166: a pre-scan that keeps the last
    definition sees plain numbers; FreeXL, keeping the first, a date past
    any year."""
    g = bytearray()
    g += biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))  # BOF: globals
    g += biff(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    g += biff(0x0022, struct.pack("<H", 0))  # DATEMODE: 1900
    g += biff(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + struct.pack("<BB", 5, 0) + b"Arial")  # FONT
    g += biff(0x041E, struct.pack("<H", 166) + xl_unicode("yyyy-mm-dd"))  # FORMAT 166: a date
    g += biff(0x041E, struct.pack("<H", 166) + xl_unicode("0"))  # FORMAT 166 again: a number
    xf_style = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    for _ in range(16):
        g += biff(0x00E0, xf_style)  # style XFs 0-15
    g += biff(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))    # XF 16: General
    g += biff(0x00E0, struct.pack("<HHHBBBBIIH", 0, 166, 0x0001, 0x20, 0, 0, 0x04, 0, 0, 0x20C0))  # XF 17: 166
    strings = ["phone_number", "customer_name", "age"]
    sst = struct.pack("<II", len(strings), len(strings))
    for s in strings:
        sst += struct.pack("<HB", len(s), 0) + s.encode()
    g += biff(0x00FC, sst)
    boundsheet_at = len(g)
    g += biff(0x0085, struct.pack("<IBB", 0, 0, 0) + struct.pack("<BB", 5, 0) + b"Leads")
    g += biff(0x000A)  # EOF
    sheet_at = len(g)
    g[boundsheet_at + 4:boundsheet_at + 8] = struct.pack("<I", sheet_at)

    pad_rows = 120  # ordinary rows, so the stream passes 4096 bytes
    n_rows = 1 + XLS_HOSTILE_CELLS + pad_rows
    s = bytearray()
    s += biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))  # BOF: sheet
    s += biff(0x0200, struct.pack("<IIHHH", 0, n_rows, 0, 3, 0))  # DIMENSIONS
    for c in range(3):
        s += biff(0x00FD, struct.pack("<HHHI", 0, c, 16, c))  # LABELSST header
    r = 1
    for i in range(XLS_HOSTILE_CELLS):
        s += biff(0x0203, struct.pack("<HHHd", r, 0, 16, float("1415555%04d" % (2000 + i))))
        s += biff(0x0203, struct.pack("<HHHd", r, 2, 17, XLS_HOSTILE_VALUE))  # age: XF 17 -> format 166
        r += 1
    for i in range(pad_rows):
        s += biff(0x0203, struct.pack("<HHHd", r, 0, 16, float("1415555%04d" % (3000 + i))))
        s += biff(0x0203, struct.pack("<HHHd", r, 2, 16, 30.0 + i % 50))
        r += 1
    s += biff(0x000A)
    stream = bytes(g + s)
    with open(path, "wb") as f:
        f.write(cfb("Workbook", stream))


CASES = [
    # name, file, generator, file_name given to import_data, what it is
    ("csv_2m_commas", "2m_commas.csv", csv_2m_commas, "One CSV row of 2,000,001 cells (~8 MB)"),
    ("csv_20000_columns", "20000_columns.csv", csv_20000_columns, "A CSV header of 20,000 columns and one row"),
    ("csv_7kb_headers_300_rows", "7kb_headers_300_rows.csv", csv_300_rows_7kb_headers,
     "280 header names of ~7 KB, 300 rows (2 MB)"),
    ("csv_100mb_cell", "100mb_cell.csv", csv_100mb_cell, "One 100 MiB cell"),
    ("csv_16384x2000", "16384x2000.csv", csv_16384x2000, "16,384 columns x 2,000 rows"),
    ("csv_16000_equal_headers", "16000_equal_headers.csv", csv_16000_equal_headers,
     "16,000 header names \"a\" and one row"),
    ("csv_unclosed_quote_50mb", "unclosed_quote_50mb.csv", csv_unclosed_quote_50mb,
     "A quote opened at the first data cell of 50 MB, never closed"),
    ("csv_header_only_16384", "header_only_16384.csv", csv_header_only_16384, "A header of 16,384 columns, no row"),
    ("xlsx_shared_1mib_x63", "shared_1mib_x63.xlsx", xlsx_shared_1mib_x63,
     "One ~1 MiB shared string as 63 header cells, 40 rows"),
    ("xlsx_1mib_headers", "1mib_headers.xlsx", xlsx_1mib_headers, "8 header cells of ~1 MiB (random letters), 200 rows"),
    ("xlsx_zip_bomb", "zip_bomb.xlsx", xlsx_zip_bomb, "A sheet of 1 GiB of repeated rows, deflated"),
    ("xlsx_billion_laughs", "billion_laughs.xlsx", xlsx_billion_laughs,
     "Nested entities (10^9 \"lol\") in sharedStrings and the sheet"),
    ("xlsx_16384x300", "16384x300.xlsx", xlsx_16384_columns, "16,384 columns x 300 rows of numbers"),
    ("xls_format166_twice", "format166_twice.xls", xls_format166,
     "Format 166 as a date then as \"0\"; %d cells of 2.1e9 with it" % XLS_HOSTILE_CELLS),
]


def generate(outdir):
    os.makedirs(outdir, exist_ok=True)
    manifest_path = os.path.join(outdir, "cases.json")
    try:
        with open(manifest_path) as f:
            old = {c["name"]: c for c in json.load(f)["cases"]}
    except (OSError, ValueError, KeyError):
        old = {}
    cases = []
    for name, fname, gen, what in CASES:
        path = os.path.join(outdir, fname)
        prev = old.get(name)
        if not (prev and prev.get("version") == GEN_VERSION and os.path.exists(path)
                and os.path.getsize(path) == prev.get("bytes")):
            t = time.time()
            gen(path)
            print("  %-28s %12d bytes  %5.1f s" % (fname, os.path.getsize(path), time.time() - t), flush=True)
        os.chmod(path, 0o644)
        cases.append({"name": name, "file": path, "file_name": fname, "what": what,
                      "bytes": os.path.getsize(path), "version": GEN_VERSION})
    with open(manifest_path, "w") as f:
        json.dump({"cases": cases}, f, indent=1)


# --------------------------------------------------------------------------
# the runner

GUARD = float(os.environ.get("GUARD", "120"))
CANCEL_WAIT = float(os.environ.get("CANCEL_WAIT", "30"))
CANCEL_AFTER = float(os.environ.get("CANCEL_AFTER", "0.3"))
MEM_GUARD_KB = int(os.environ.get("MEM_GUARD_MB", "4096")) * 1024
DB = os.environ.get("HOSTILE_DB", "hostile")


def psql(sql, db=DB, timeout=30):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-d", db, "-c", sql], capture_output=True, text=True,
                       timeout=timeout)
    return r.returncode, r.stdout.strip(), r.stderr.strip()


def wait_server(limit=120):
    t = time.time()
    while time.time() - t < limit:
        try:
            if psql("SELECT 1", timeout=10)[1] == "1":
                return True
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.5)
    return False


def rss_anon_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return 0


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def where(pid):
    """What a stuck backend is blocked in (the kernel's wchan), for the report."""
    try:
        with open("/proc/%d/wchan" % pid) as f:
            w = f.read().strip()
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""
    return "; state %s%s" % (state, ", in " + w if w and w != "0" else "")


def stop_backend(pid, proc):
    """pg_terminate_backend, then SIGKILL 3 s later. Returns how it ended."""
    how = "terminated"
    try:
        psql("SELECT pg_terminate_backend(%d)" % pid, timeout=10)
    except subprocess.TimeoutExpired:
        pass
    t = time.time()
    while proc.poll() is None and time.time() - t < 3:
        time.sleep(0.02)
    if pid and alive(pid) and proc.poll() is None:
        os.kill(pid, signal.SIGKILL)
        how = "SIGKILLed"
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if how == "SIGKILLed":
        time.sleep(1)
        wait_server()
    return how


def run_once(case, work, cancel, campaign):
    tag = "%s.%s" % (case["name"], "cancel" if cancel else "run")
    pidfile = os.path.join(work, tag + ".pid")
    if os.path.exists(pidfile):
        os.remove(pidfile)
    script = "\\o %s\nSELECT pg_backend_pid();\n\\o\n%s;\n" % (pidfile, case["sql"].replace("{campaign}", str(campaign)))
    out = open(os.path.join(work, tag + ".out"), "w")
    err_path = os.path.join(work, tag + ".err")
    err = open(err_path, "w")
    proc = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", DB],
                            stdin=subprocess.PIPE, stdout=out, stderr=err, text=True)
    proc.stdin.write(script)
    proc.stdin.close()
    res = {"peak_kb": 0, "killed": None, "cancel": None}
    pid = None
    t_start = time.time()
    while pid is None:
        try:
            with open(pidfile) as f:
                txt = f.read().strip()
            pid = int(txt) if txt else None
        except (OSError, ValueError):
            pid = None
        if pid is None:
            if proc.poll() is not None or time.time() - t_start > 30:
                break
            time.sleep(0.002)
    t0 = time.time()
    canceller = None
    t_cancel_sent = None
    while proc.poll() is None and pid is not None:
        now = time.time()
        kb = rss_anon_kb(pid)
        if kb is not None:
            res["peak_kb"] = max(res["peak_kb"], kb)
        if cancel and canceller is None and now - t0 >= CANCEL_AFTER:
            canceller = subprocess.Popen(
                ["psql", "-X", "-q", "-At", "-F", " ", "-d", DB, "-c",
                 "SELECT extract(epoch FROM clock_timestamp()), pg_cancel_backend(%d)" % pid],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            t_cancel_sent = now
        limit_hit = None
        if kb is not None and kb > MEM_GUARD_KB:
            limit_hit = "killed at %d MiB private memory" % (kb // 1024)
        elif now - t0 > GUARD:
            limit_hit = "killed after %g s" % GUARD
        elif t_cancel_sent is not None and now - t_cancel_sent > CANCEL_WAIT:
            limit_hit = "not ended %g s after the cancel" % CANCEL_WAIT
        if limit_hit:
            res["killed"] = limit_hit + where(pid) + " (" + stop_backend(pid, proc) + ")"
            break
        time.sleep(0.02 if now - t0 > 1 else 0.005)
    proc.wait()
    t_end = time.time()
    res["seconds"] = t_end - t0
    out.close()
    err.close()
    if canceller is not None:
        cout, _ = canceller.communicate()
        parts = cout.split()
        if len(parts) == 2 and parts[1] == "t" and t_end > float(parts[0]):
            res["cancel"] = t_end - float(parts[0])
    res["rc"] = proc.returncode
    with open(err_path) as f:
        res["stderr"] = f.read()
    with open(os.path.join(work, tag + ".out")) as f:
        res["stdout"] = f.read().strip()
    res["pid"] = pid
    return res


def md(s):
    return s.replace("|", "\\|").replace("\n", " ")


def outcome(case, res):
    if res["killed"]:
        return res["killed"]
    if res["rc"] != 0:
        lines = [l for l in res["stderr"].splitlines() if l.strip()]
        text = " ".join(lines)
        if "server closed the connection unexpectedly" in text or "terminated abnormally" in text:
            return "**backend crashed**: " + text[:160]
        for l in lines:
            if "ERROR:" in l:
                e = l[l.index("ERROR:"):]
                return e[:200] + ("…" if len(e) > 200 else "")
        return text[:200]
    if case["kind"] == "detect":
        return "mapping returned (%s bytes of jsonb text)" % res["stdout"]
    try:
        import_id = int(res["stdout"].splitlines()[-1])
    except (ValueError, IndexError):
        return "returned %r" % res["stdout"][:80]
    rc, o, e = psql("SELECT status, coalesce(error_code, ''), total_rows, imported_rows, failed_rows, "
                    "left(coalesce(error, ''), 120) FROM leadimport.imports WHERE id = %d" % import_id)
    if rc != 0 or not o:
        return "import %d (status unreadable: %s)" % (import_id, e[:80])
    status, code, total, imported, failed, error = (o.split("|") + [""] * 6)[:6]
    if status == "completed":
        text = "completed: %s rows, %s imported, %s failed" % (total, imported, failed)
        rc, codes, _ = psql("SELECT string_agg(code || ' ' || n, ', ' ORDER BY n DESC, code) FROM "
                            "(SELECT code, count(*) AS n FROM leadimport.import_errors WHERE import_id = %d "
                            "GROUP BY code ORDER BY n DESC, code LIMIT 3) s" % import_id)
        return text + (" (%s)" % codes if rc == 0 and codes else "")
    return "%s: %s (%s)" % (status, code or "-", error) if code or error else status


def run(workdir, out_md):
    with open(os.path.join(workdir, "cases.json")) as f:
        files = json.load(f)["cases"]
    cases = []
    opts = "'{\"background\": false}'"
    for c in files:
        c = dict(c, kind="file", size="%.2f MB" % (c["bytes"] / 1e6) if c["bytes"] >= 1e5 else "%d B" % c["bytes"])
        c["sql"] = ("SELECT leadimport.import_data({campaign}, '%s', pg_read_binary_file('%s'), %s)"
                    % (c["file_name"], c["file"], opts))
        cases.append(c)
    fifo = os.environ.get("HOSTILE_FIFO")
    cases.append({"name": "import_file_dev_zero", "what": "import_file('/dev/zero')", "kind": "path",
                  "size": "∞", "sql": "SELECT leadimport.import_file({campaign}, '/dev/zero', %s)" % opts})
    cases.append({"name": "import_file_dev_zero_csv", "what": "import_file('/dev/zero', '{\"format\": \"csv\"}')",
                  "kind": "path", "size": "∞",
                  "sql": "SELECT leadimport.import_file({campaign}, '/dev/zero', "
                         "'{\"background\": false, \"format\": \"csv\"}')"})
    if fifo:
        cases.append({"name": "import_file_fifo", "what": "import_file of a FIFO no one writes to",
                      "kind": "path", "size": "-",
                      "sql": "SELECT leadimport.import_file({campaign}, '%s', %s)" % (fifo, opts)})
    cases.append({"name": "detect_mapping_16000", "what": "detect_mapping(1, array_fill('a'::text, ARRAY[16000]), '{}')",
                  "kind": "detect", "size": "-",
                  "sql": "SELECT length(leadimport.detect_mapping(1, array_fill('a'::text, ARRAY[16000]), '{}')::text)"})
    only = os.environ.get("ONLY")
    if only:
        cases = [c for c in cases if any(o in c["name"] for o in only.split(","))]

    work = os.path.join(workdir, "runs")
    os.makedirs(work, exist_ok=True)
    rows = []
    limit_mib = 256
    for i, c in enumerate(cases):
        # Each run imports into a campaign of its own (hostile.sh makes 1-100),
        # so no run's rows are duplicates of another's.
        print("  %-28s" % c["name"], end="", flush=True)
        r1 = run_once(c, work, cancel=False, campaign=2 * i + 1)
        o1 = outcome(c, r1)
        print(" %7.2f s %7.1f MiB  %s" % (r1["seconds"], r1["peak_kb"] / 1024, o1[:90]), flush=True)
        r2 = run_once(c, work, cancel=True, campaign=2 * i + 2)
        if r2["killed"]:
            cancel_txt = r2["killed"]
            cancel_ok = False
        elif r2["cancel"] is None:
            cancel_txt = "-"
            cancel_ok = True
        else:
            cancel_txt = "%.2f s" % r2["cancel"]
            cancel_ok = r2["cancel"] <= 1.0
        print("  %-28s cancel: %s" % ("", cancel_txt), flush=True)
        peak_mib = max(r1["peak_kb"], r2["peak_kb"]) / 1024
        mem_ok = peak_mib < limit_mib and not (r1["killed"] or "").startswith("killed at")
        fails = []
        if not mem_ok:
            fails.append("memory")
        if not cancel_ok:
            fails.append("cancel")
        if r1["killed"]:
            fails.append("killed")
        if "backend crashed" in o1:
            fails.append("crash")
        rows.append("| %s | %s | %s | %s | %.2f | %.1f | %s | %s |" % (
            md(c["name"]), md(c["what"]), c["size"], md(o1), r1["seconds"], peak_mib, md(cancel_txt),
            "yes" if not fails else "**no** (" + ", ".join(fails) + ")"))
    header = ("| case | what | file size | outcome (status: error_code, or the ERROR) | seconds | "
              "peak private MiB | cancel → end | target met |\n"
              "| --- | --- | ---: | --- | ---: | ---: | ---: | --- |")
    table = header + "\n" + "\n".join(rows)
    with open(out_md, "w") as f:
        f.write(table + "\n")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "generate":
        generate(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
