#!/usr/bin/env python3
"""Where an import's time goes, from `perf script -F ip,sym,dso` output.

    perf script -i perf.data -F ip,sym,dso | python3 bench/perf_summary.py

Each sample is a call stack. It is given one *stage* - the innermost frame of
the import's own code that says what the import was doing (reading the file, checking
phones, building JSON, inserting through SPI...) - and one *operation* - the
innermost frame that says what the machine was doing (libphonenumber, a
btree insert, a foreign key check, jsonb parsing, WAL, malloc...). The table
counts samples per stage and, inside each, per operation: every sample
counted once, so the percentages add up to 100.

The patterns are substrings of demangled names, ordered: the first that
matches wins. They follow today's names in src/; a renamed function lands in
"other leadimport" until its pattern is added here.
"""
import collections
import sys

# (stage, patterns): searched from the leaf towards the root, among the
# frames of our own code (leadimport.so, and libcsv and libphonenumber, which
# only it calls); the first frame matching a pattern decides, so
# "RowChecker::check" only gets what no deeper stage claims.
STAGES = [
    ("start-up: libphonenumber metadata", ["PhoneNumberUtil::GetInstance", "PhoneNumberUtil::PhoneNumberUtil"]),
    ("insert leads + contacts (SPI)", ["LeadWriter::insert", "LeadWriter::write", "LeadWriter::flush"]),
    ("probe campaign for duplicates (SPI)", ["LeadWriter::probe"]),
    ("insert import_errors (SPI)", ["ErrorSink::flush"]),
    ("error rows: collect", ["ErrorSink::add"]),
    ("row as JSON (row_data)", ["row_to_json"]),
    ("check: phones", ["PhoneChecker::check", "phone_fast", "PhoneFast", "FastPhone"]),
    ("check: variables + lead JSON", ["RowChecker::check_primary", "append_value", "append_member", "append_json"]),
    ("check: row (rest)", ["RowChecker::check"]),
    ("dedupe in file", ["SeenPhones"]),
    ("read CSV", ["CsvReader", "csv_parse", "RowSource", "ByteSource", "read_file", "Encoding", "encoding", "csv_"]),
    ("import record / status", ["ImportRecord"]),
]

# (operation, patterns): searched from the leaf towards the root.
OPERATIONS = [
    # RI_FKey_check and ExecCallTriggerFunc are static (no symbol): the
    # exported AfterTriggerEndQuery that fires the queued RI triggers at the
    # end of each INSERT is what the stacks show. The only triggers on these
    # tables are the foreign keys'.
    ("FK checks (RI triggers)", ["RI_FKey", "RI_Initial", "ri_PerformCheck", "AfterTriggerEndQuery",
                                 "AfterTriggerFireDeferred", "AfterTriggerEndXact"]),
    ("WAL (XLogInsert)", ["XLogInsert", "XLogRegister", "XLogBeginInsert", "log_heap"]),
    ("btree insert (indexes)", ["_bt_doinsert", "btinsert", "_bt_insert", "_bt_split", "_bt_search", "_bt_binsrch_insert"]),
    ("unique/ON CONFLICT check", ["ExecCheckIndexConstraints", "check_exclusion_or_unique_constraint", "_bt_check_unique"]),
    ("heap insert", ["heap_insert", "heap_multi_insert", "RelationGetBufferForTuple", "heap_prepare_insert"]),
    ("index scan (probe)", ["_bt_first", "btgettuple", "index_getnext", "_bt_next"]),
    ("jsonb parsing (::jsonb)", ["jsonb_in", "pg_parse_json", "json_lex", "JsonbValueToJsonb", "pushJsonbValue", "jsonb_"]),
    ("CHECK constraints (regex)", ["ExecConstraints", "ExecRelCheck", "RE_compile", "pg_regexec", "textregexeq"]),
    ("arrays / unnest", ["construct_md_array", "array_in", "array_out", "array_unnest", "unnest", "ExecProjectSet", "deconstruct_array"]),
    ("libphonenumber", ["libphonenumber", "i18n::phonenumbers"]),
    ("protobuf (libphonenumber)", ["libprotobuf", "google::protobuf"]),
    ("regexp (RE2/ICU/pcre)", ["libre2", "re2::", "libicu", "icu_", "libpcre2", "pcre2_"]),
    ("libcsv", ["libcsv"]),
    ("palloc/memory contexts", ["AllocSet", "palloc", "pfree", "MemoryContext", "GenerationAlloc", "SlabAlloc"]),
    ("malloc/free", ["malloc", "_int_free", "cfree", "__libc_free", "operator new", "operator delete", "realloc"]),
    ("memcpy/strings", ["memcpy", "memmove", "memset", "strlen", "memchr", "__strcmp", "__memcmp", "basic_string"]),
    ("kernel", ["kernel.kallsyms", "[kernel]"]),
    ("executor/SPI other", ["Exec", "SPI_", "_SPI_", "standard_Executor", "postgres"]),
]


def parse(stream):
    """Yields stacks as lists of (symbol, dso), leaf first."""
    frames = []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield frames
                frames = []
            continue
        if not line.startswith(("\t", " ")):
            continue  # a sample header (comm, pid...), if perf printed one
        text = line.strip()
        _, _, rest = text.partition(" ")
        sym, dso = rest, ""
        if rest.endswith(")") and " (" in rest:
            sym, _, dso = rest.rpartition(" (")
            dso = dso[:-1]
        frames.append((sym, dso))
    if frames:
        yield frames


def resolve_inlined(frames):
    """perf names the dso of an inlined frame "inlined": our own inlined code
    (leadimport::, std:: templates) belongs to the next real frame's dso."""
    out = []
    for i, (sym, dso) in enumerate(frames):
        if dso == "inlined" and ("leadimport::" in sym or "std::" in sym):
            dso = next((d for _, d in frames[i + 1:] if d != "inlined"), dso)
        out.append((sym, dso))
    return out


def matches(frame, patterns):
    sym, dso = frame
    dso = dso.rsplit("/", 1)[-1]  # "postgres" must not match .../postgresql/15/lib/leadimport.so
    return any(p in sym or p in dso for p in patterns)


OUR_DSOS = ("leadimport", "libcsv", "libphonenumber")


def stage_of(stack):
    for frame in stack:  # leaf first
        if not any(d in frame[1] for d in OUR_DSOS):
            continue
        for name, pats in STAGES:
            if matches(frame, pats):
                return name
    if any("leadimport" in dso for _, dso in stack):
        return "other leadimport"
    # No frame of ours: plain PostgreSQL (a COPY), or a stack perf could not
    # unwind up to our frames (seen under pg_regexec: the CHECK constraints).
    return "no leadimport frame (COPY, or stack not unwound)"


def operation_of(stack):
    # Only what runs below our own code: every stack has the executor at its
    # root (the import is a SELECT), which says nothing.
    below = []
    for frame in stack:
        if "leadimport" in frame[1]:
            break
        below.append(frame)
    for name, pats in OPERATIONS:  # the operation list is ordered by priority ...
        for frame in below:        # ... and each looked for from the leaf up
            if matches(frame, pats):
                return name
    return "leadimport code" if not below else "other"


def leaf_name(stack):
    sym, dso = stack[0]
    return f"{sym} [{dso.rsplit('/', 1)[-1]}]"


def main():
    stages = collections.Counter()
    ops = collections.defaultdict(collections.Counter)
    leaves = collections.Counter()
    total = 0
    for stack in parse(sys.stdin):
        stack = resolve_inlined(stack)
        total += 1
        st = stage_of(stack)
        stages[st] += 1
        ops[st][operation_of(stack)] += 1
        leaves[leaf_name(stack)] += 1
    if not total:
        print("no samples")
        return
    pct = lambda n: 100.0 * n / total
    print(f"{total} samples\n")
    print("| stage | % of samples | what inside (% of samples) |")
    print("| --- | ---: | --- |")
    for st, n in stages.most_common():
        inner = ", ".join(f"{op} {pct(k):.1f}" for op, k in ops[st].most_common(6) if pct(k) >= 0.3)
        print(f"| {st} | {pct(n):.1f} | {inner} |")
    print()
    print("operations over the whole profile:")
    all_ops = collections.Counter()
    for c in ops.values():
        all_ops.update(c)
    for op, n in all_ops.most_common():
        print(f"  {pct(n):5.1f}%  {op}")
    print()
    print("top 40 functions by self time:")
    for name, n in leaves.most_common(40):
        print(f"  {pct(n):5.1f}%  {name[:150]}")


if __name__ == "__main__":
    main()
