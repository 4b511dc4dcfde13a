# Turns the rows bench/run.sh collected (tab-separated: the columns of
# print_tsv_header in load_result.cpp, then the connections nginx accepted
# during the run) into the table, the ratios and the target lines. Reports only: targets not met are printed, never failed on.
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
    if ($1 ~ /^tether\+[0-9]+i$/) with_interceptors = $1
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

function print_ratio(label, metric, other,   i, c, line) {
    line = sprintf("%-32s", label)
    for (i = 1; i <= ncs; i++) {
        c = cs[i]
        if (!have("tether", c) || !have(other, c)) { line = line sprintf(" %8s", "-"); continue }
        if (metric == "rps") line = line sprintf(" %8s", ratio(rps["tether" SUBSEP c], rps[other SUBSEP c]))
        else line = line sprintf(" %8s", ratio(cpu["tether" SUBSEP c], cpu[other SUBSEP c]))
    }
    print line
}

function print_ratios(   i, header, n, others) {
    header = sprintf("%-32s", "ratios")
    for (i = 1; i <= ncs; i++) header = header sprintf(" %8s", "c=" cs[i])
    print header
    n = split("raw-curl raw-beast wrk", others, " ")
    for (i = 1; i <= n; i++) {
        print_ratio("req/s  tether / " others[i], "rps", others[i])
        print_ratio("CPU    tether / " others[i], "cpu", others[i])
    }
}

# Per-interceptor CPU cost at each concurrency; sets worst_per_link.
function print_interceptor_cost(   n, i, c, line, per) {
    worst_per_link = ""
    if (with_interceptors == "") return
    n = with_interceptors; gsub(/[^0-9]/, "", n); n += 0
    line = sprintf("%-33s", "per interceptor, CPU µs/req")  # 33: "µ" is two bytes
    for (i = 1; i <= ncs; i++) {
        c = cs[i]
        if (n == 0 || !have("tether", c) || !have(with_interceptors, c)) { line = line sprintf(" %8s", "-"); continue }
        per = (cpu[with_interceptors SUBSEP c] - cpu["tether" SUBSEP c]) / n
        line = line sprintf(" %8.2f", per)
        if (worst_per_link == "" || per > worst_per_link) worst_per_link = per
    }
    print line "   ((" with_interceptors " - tether) / " n ")"
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
        printf "  each interceptor adds < 2 µs per request: worst %.2f µs (CPU): %s\n", worst_per_link, verdict
    } else {
        print "  each interceptor adds < 2 µs per request: not measured (needs tether and tether+Ni)"
    }
}

END {
    if (rows == 0) { print "no results"; exit 0 }
    print_table()
    print ""
    print_ratios()
    print_interceptor_cost()
    print ""
    print_targets()
}
