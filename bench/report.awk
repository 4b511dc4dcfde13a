# Turns the rows bench/run.sh collected (tab-separated: the columns of
# print_tsv_header in load_result.cpp, then the connections nginx accepted
# during the run) into the table, the ratios and the target lines. Reports
# only: targets not met are printed, never failed on.
#
#   LC_ALL=C awk -f bench/report.awk results.tsv   (byte widths: "µ" is two)

BEGIN { FS = "\t" }

/^#/ || NF < 10 { next }

{
    key = $1 SUBSEP $2
    if (!(key in rps)) order[++rows] = key
    if (!($2 in seen_c)) { seen_c[$2] = 1; cs[++ncs] = $2 }
    rps[key] = $3; p50[key] = $4; p99[key] = $5; cpu[key] = $6
    failures[key] = $8; note[key] = $10; conns[key] = NF >= 11 ? $11 : "-"
    seen_client[$1] = 1
    # "tether+3i" / "native+3i": the same transport with pass-through interceptors.
    if ($1 ~ /^(tether|native)\+[0-9]+i$/) with_interceptors[substr($1, 1, index($1, "+") - 1)] = $1
}

function have(client, c) { return ((client SUBSEP c) in rps) && rps[client SUBSEP c] > 0 }
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }

function print_table(   i, k, parts, flag) {
    # Written out rather than padded by printf: under LC_ALL=C printf pads
    # bytes, and "µ" is two.
    printf "%-12s %4s %10s%s %6s\n", "client", "c", "req/s", "    p50 µs    p99 µs  CPU µs/req", "conns"
    printf "%-12s %4s %10s %9s %9s %11s %6s\n", "------", "--", "-----", "------", "------", "----------", "-----"
    for (i = 1; i <= rows; i++) {
        k = order[i]; split(k, parts, SUBSEP)
        flag = note[k] == "ok" ? "" : sprintf("  (%s: %s failed)", note[k], failures[k])
        printf "%-12s %4s %10.0f %9.1f %9.1f %11.2f %6s%s\n", parts[1], parts[2], rps[k], p50[k], p99[k], cpu[k], \
            conns[k], flag
    }
    print "conns: connections the server accepted during the run; more than c means the client reopened them"
}

function print_ratio(label, metric, client, other,   i, c, line) {
    line = sprintf("%-32s", label)
    for (i = 1; i <= ncs; i++) {
        c = cs[i]
        if (!have(client, c) || !have(other, c)) { line = line sprintf(" %8s", "-"); continue }
        if (metric == "rps") line = line sprintf(" %8s", ratio(rps[client SUBSEP c], rps[other SUBSEP c]))
        else line = line sprintf(" %8s", ratio(cpu[client SUBSEP c], cpu[other SUBSEP c]))
    }
    print line
}

function print_ratios(   i, header, n, others) {
    header = sprintf("%-32s", "ratios")
    for (i = 1; i <= ncs; i++) header = header sprintf(" %8s", "c=" cs[i])
    print header
    n = split("raw-curl raw-beast wrk", others, " ")
    for (i = 1; i <= n; i++) {
        print_ratio("req/s  tether / " others[i], "rps", "tether", others[i])
        print_ratio("CPU    tether / " others[i], "cpu", "tether", others[i])
    }
    if (!("native" in seen_client)) return
    # The native transport next to the curl one (how much faster it is), and
    # next to the raw Beast client it is built on.
    print_ratio("req/s  native / tether", "rps", "native", "tether")
    print_ratio("CPU    native / tether", "cpu", "native", "tether")
    print_ratio("req/s  native / raw-curl", "rps", "native", "raw-curl")
    print_ratio("req/s  native / raw-beast", "rps", "native", "raw-beast")
    print_ratio("CPU    native / raw-beast", "cpu", "native", "raw-beast")
    print_ratio("req/s  native / wrk", "rps", "native", "wrk")
    print_ratio("CPU    native / wrk", "cpu", "native", "wrk")
}

# Per-interceptor CPU cost of `base` ("tether" or "native") at each
# concurrency, from base+Ni minus base; returns the worst, "" if unmeasured.
function print_interceptor_cost(base,   with, n, i, c, line, per, worst) {
    worst = ""
    if (!(base in with_interceptors)) return worst
    with = with_interceptors[base]
    n = with; gsub(/[^0-9]/, "", n); n += 0
    line = sprintf("%-33s", "per interceptor, CPU µs/req")  # 33: "µ" is two bytes
    for (i = 1; i <= ncs; i++) {
        c = cs[i]
        if (n == 0 || !have(base, c) || !have(with, c)) { line = line sprintf(" %8s", "-"); continue }
        per = (cpu[with SUBSEP c] - cpu[base SUBSEP c]) / n
        line = line sprintf(" %8.2f", per)
        if (worst == "" || per > worst) worst = per
    }
    print line "   ((" with " - " base ") / " n ")"
    return worst
}

# One line of a native-vs-raw-Beast target at concurrency c: the figures,
# their ratio and met / not met, or "not measured".
function print_native_target(label, metric, limit, c,   a, b, r, fmt, verdict) {
    if (!have("native", c) || !have("raw-beast", c) || (metric == "cpu" && cpu["raw-beast" SUBSEP c] <= 0)) {
        printf "  %s at c=%s: not measured (needs native and raw-beast at c=%s)\n", label, c, c
        return
    }
    if (metric == "rps") {
        a = rps["native" SUBSEP c]; b = rps["raw-beast" SUBSEP c]; r = a / b
        verdict = r >= limit ? "met" : "not met"
        fmt = "  %s at c=%s: native %.0f / raw-beast %.0f req/s = %.3fx: %s\n"
    } else {
        a = cpu["native" SUBSEP c]; b = cpu["raw-beast" SUBSEP c]; r = a / b
        verdict = r <= limit ? "met" : "not met"
        fmt = "  %s at c=%s: native %.2f / raw-beast %.2f µs = %.3fx: %s\n"
    }
    printf fmt, label, c, a, b, r, verdict
}

function print_targets(   k, share, verdict) {
    print "targets (reported, never enforced):"
    if (have("tether", 16) && have("raw-curl", 16)) {
        share = 100 * rps["tether" SUBSEP 16] / rps["raw-curl" SUBSEP 16]
        verdict = share >= 90 ? "met" : "not met"
        printf "  (a) >= 90%% of (c) at c=16: tether %.0f req/s = %.1f%% of raw-curl %.0f req/s: %s\n", \
            rps["tether" SUBSEP 16], share, rps["raw-curl" SUBSEP 16], verdict
    } else {
        print "  (a) >= 90% of (c) at c=16: not measured (needs tether and raw-curl at c=16)"
    }
    if (worst_per_link != "") {
        verdict = worst_per_link < 2 ? "met" : "not met"
        printf "  each interceptor adds < 2 µs per request: worst %.2f µs (CPU, %s): %s\n", worst_per_link, \
            with_interceptors["tether"], verdict
    } else {
        print "  each interceptor adds < 2 µs per request: not measured (needs tether and tether+Ni)"
    }
    print_native_target("native >= 0.9x raw-beast req/s", "rps", 0.9, 16)
    print_native_target("native >= 0.9x raw-beast req/s", "rps", 0.9, 64)
    print_native_target("native CPU per request <= 1.15x raw-beast", "cpu", 1.15, 16)
    print_native_target("native CPU per request <= 1.15x raw-beast", "cpu", 1.15, 64)
}

END {
    if (rows == 0) { print "no results"; exit 0 }
    print_table()
    print ""
    print_ratios()
    worst_per_link = print_interceptor_cost("tether")
    print_interceptor_cost("native")
    print ""
    print_targets()
}
