#!/usr/bin/env bash
# make bench-data: loads BENCH_TICKETS (default 1,000,000) generated tickets
# into a stack's database, next to the demo tickets, and says how long that
# took.  The data and its shape: t/bench/generate.pl.
#
#   BENCH_TICKETS=50000 make bench-data      # into var/bench/50000 (started if needed)
#   HD_VAR=/tmp/x BENCH_TICKETS=10000 bash t/bench/generate.sh
#
# Each size has its own stack (var/bench/<N>) so that a million tickets,
# once loaded, stay loaded.  Running it again is cheap: a stack that holds
# the same data is only checked.  A stack that holds another size (or data
# from an older generator) has its generated tickets -- and every ticket
# logged after them -- deleted first; tickets before them (the demo data,
# anything logged through the portal before) are never touched.
#
# How: MariaDB's Sequence engine and INSERT ... SELECT in batches of 50,000
# tickets, foreign key and unique checks off for the session, the FULLTEXT
# indexes dropped during the load and built again afterwards (from their
# definitions as found, so a changed index is rebuilt as it was), derived
# columns filled, ANALYZE TABLE.  The stack's buffer pool is raised to
# BENCH_DB_BUFFER (default 2G; SET GLOBAL, until the next restart).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_TICKETS:-1000000}
n=${n//[,_]/}
if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 100)); then
    echo "BENCH_TICKETS=$n: give a number, 100 or more" >&2
    exit 2
fi
export HD_VAR=${HD_VAR:-$ROOT/var/bench/$n}
unset HD_HTTP_PORT HELPDESK_PORT
GEN=$ROOT/t/bench/generate.pl
# shellcheck source=t/bench/lib.sh
. "$ROOT/t/bench/lib.sh"

bench_stack_up
marker=$HD_VAR/bench-data.env
# Which generator made the data: another one means other data.
gen_sum=$(cksum <"$GEN" | cut -d' ' -f1)
read -r COMMON_WORD RARE_WORD < <(perl "$GEN" --words)

# The "derived columns" step: columns that migrations add later and that
# are a function of the base columns.  Each runs only when the column
# exists (and is not a generated column), so the generator works before
# and after such a migration; only rows that disagree are written.
derived_columns() {
    local col
    for col in status_rank is_open; do
        [[ $(db_root -N -e "SELECT COUNT(*) FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'
                  AND COLUMN_NAME = '$col' AND IS_GENERATED = 'NEVER'") == 1 ]] || continue
        case $col in
        status_rank)
            db_root -e "UPDATE tickets t JOIN ticket_statuses s ON s.code = t.status
                        SET t.status_rank = s.sort_order
                        WHERE NOT t.status_rank <=> s.sort_order" ;;
        is_open)
            db_root -e "UPDATE tickets t JOIN ticket_statuses s ON s.code = t.status
                        SET t.is_open = (s.category IN ('open', 'pending'))
                        WHERE NOT t.is_open <=> (s.category IN ('open', 'pending'))" ;;
        esac
        echo "derived column tickets.$col: filled"
    done
    # Stored service clocks (sql/012_sla_queues.sql): the generated tickets
    # are taken as computed, with no deadline running, so that the job
    # 'sla-clocks' does not spend the benchmark storing a million clocks.
    if [[ $(db_root -N -e "SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'
              AND COLUMN_NAME = 'clock_of'") == 1 ]]; then
        # (the generated ones: from this load's first id, or the marker's)
        db_root -e "UPDATE tickets SET clock_of = revision
                    WHERE clock_of <> revision AND id >= ${first:-$BENCH_FIRST_ID}"
        echo "stored clocks: marked current"
    fi
}

# FULLTEXT indexes of the two tables, one "table index (columns)" a line.
fulltext_indexes() {
    db_root -N -B -e "SELECT TABLE_NAME, INDEX_NAME,
            GROUP_CONCAT(CONCAT('\`', COLUMN_NAME, '\`') ORDER BY SEQ_IN_INDEX SEPARATOR ', ')
        FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('tickets', 'ticket_activity')
          AND INDEX_TYPE = 'FULLTEXT'
        GROUP BY TABLE_NAME, INDEX_NAME"
}

# Builds the saved FULLTEXT indexes that are missing; also run when the
# load fails half-way, so the schema is never left without them.
restore_fulltext() {
    local table index cols
    [[ -s $HD_VAR/bench-fulltext.txt ]] || return 0
    while IFS=$'\t' read -r table index cols; do
        [[ -n $table ]] || continue
        if [[ $(db_root -N -e "SELECT COUNT(*) FROM information_schema.STATISTICS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$table'
                  AND INDEX_NAME = '$index'") == 0 ]]; then
            db_root -e "ALTER TABLE \`$table\` ADD FULLTEXT KEY \`$index\` ($cols)"
        fi
    done <"$HD_VAR/bench-fulltext.txt"
    rm -f "$HD_VAR/bench-fulltext.txt"
}

remove_from() {
    db_root -e "SET SESSION foreign_key_checks = 0;
        DELETE FROM ticket_activity WHERE ticket_id >= $1;
        DELETE FROM tickets WHERE id >= $1;"
}

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

count_generated() {
    db_root -N -e "SELECT COUNT(*) FROM tickets WHERE id BETWEEN $1 AND $2"
}

# Already there?
if [[ -f $marker ]]; then
    # shellcheck disable=SC1090
    . "$marker"
    if [[ ${BENCH_TICKETS_LOADED:-} == "$n" && ${BENCH_GENERATOR:-} == "$gen_sum" ]] &&
        [[ $(count_generated "$BENCH_FIRST_ID" "$BENCH_LAST_ID") == "$n" ]]; then
        restore_fulltext
        derived_columns
        echo "$HD_VAR already holds the $n generated tickets HD-$BENCH_FIRST_ID..HD-$BENCH_LAST_ID"
        echo "common word: $COMMON_WORD   rare word: $RARE_WORD"
        exit 0
    fi
fi

restore_fulltext
if [[ -f $marker ]]; then
    # shellcheck disable=SC1090
    . "$marker"
    echo "removing the earlier generated data (HD-$BENCH_FIRST_ID and every later ticket)"
    remove_from "$BENCH_FIRST_ID"
    rm -f "$marker"
fi
t0=$(date +%s.%N)

# What the load needs from the reference tables.
problem=$(db_root -N -e "SELECT CONCAT_WS(' ',
    IF((SELECT COUNT(*) FROM services WHERE active = 1) = 0, 'no active services;', NULL),
    IF((SELECT COUNT(*) FROM teams WHERE active = 1) = 0, 'no active teams;', NULL),
    IF((SELECT COUNT(*) FROM ticket_statuses WHERE is_initial = 1) = 0, 'no initial status;', NULL),
    IF((SELECT COUNT(*) FROM ticket_statuses WHERE category = 'closed') = 0, 'no closed status;', NULL),
    IF((SELECT COUNT(*) FROM ticket_statuses WHERE category = 'cancelled') = 0, 'no cancelled status;', NULL),
    IF((SELECT COUNT(*) FROM priorities) = 0, 'no priorities;', NULL))")
[[ -z $problem ]] || { echo "cannot generate: $problem" >&2; exit 1; }

# Generated ids start on a round number above what is there, leaving room
# for more demo tickets (fixed ids from 1001) and their activity.
first=$(db_root -N -e "SELECT (FLOOR(GREATEST(COALESCE(MAX(id), 0), 1000) / 10000) + 1) * 10000 + 1 FROM tickets")
first_act=$(db_root -N -e "SELECT (FLOOR(COALESCE(MAX(id), 0) / 100000) + 1) * 100000 + 1 FROM ticket_activity")
last=$((first + n - 1))
echo "generating $n tickets HD-$first..HD-$last into $HD_VAR"

# Load with the FULLTEXT indexes dropped; build them after (much faster
# than keeping them up to date row by row).
# A load that fails half-way is taken out again, whatever it got to.
failed_load() {
    echo "the load failed; removing what it loaded (HD-$first and later)" >&2
    remove_from "$first" || true
    restore_fulltext
}
fulltext_indexes >"$HD_VAR/bench-fulltext.txt"
trap failed_load EXIT
while IFS=$'\t' read -r table index cols; do
    [[ -n $table ]] && db_root -e "ALTER TABLE \`$table\` DROP INDEX \`$index\`"
done <"$HD_VAR/bench-fulltext.txt"

t1=$(date +%s.%N)
# @hd_no_mail: loaded history is nobody's news (sql/017_mail.sql).
out=$({ echo "SET @hd_no_mail = 1;"; perl "$GEN" --tickets "$n" --first-id "$first" --first-activity "$first_act"; } | db_root -N)
read -r _ alice_n _ fifty_n _ fifty_id <<<"$out"
t2=$(date +%s.%N)
derived_columns
t3=$(date +%s.%N)
trap - EXIT
restore_fulltext
t4=$(date +%s.%N)
db_root -N -e "ANALYZE TABLE tickets, ticket_activity" >/dev/null
t5=$(date +%s.%N)

cat >"$marker" <<EOF
# written by t/bench/generate.sh
BENCH_TICKETS_LOADED=$n
BENCH_FIRST_ID=$first
BENCH_LAST_ID=$last
BENCH_GENERATOR=$gen_sum
BENCH_COMMON_WORD=$COMMON_WORD
BENCH_RARE_WORD=$RARE_WORD
BENCH_FIFTY_ID=$fifty_id
BENCH_LOAD_SECONDS=$(secs "$t0" "$t5")
EOF

db_root -e "SELECT
    (SELECT COUNT(*) FROM tickets WHERE id >= $first) AS tickets,
    (SELECT COUNT(*) FROM ticket_activity a WHERE a.ticket_id >= $first) AS activity,
    (SELECT COUNT(*) FROM tickets WHERE id >= $first AND requester_login = 'alice') AS alice,
    (SELECT COUNT(*) FROM tickets WHERE id >= $first AND requester_login = 'alice'
        AND logged_by_login = 'bob') AS alice_by_bob,
    (SELECT COUNT(*) FROM tickets WHERE id >= $first AND requester_org = 'Psychiatry') AS psychiatry,
    (SELECT COUNT(*) FROM tickets WHERE id >= $first AND logged_by_login = 'tina') AS logged_by_tina"
echo "loaded $n tickets in $(secs "$t0" "$t5") s: rows $(secs "$t1" "$t2") s, derived columns $(secs "$t2" "$t3") s, FULLTEXT $(secs "$t3" "$t4") s, ANALYZE $(secs "$t4" "$t5") s"
echo "common word: $COMMON_WORD   rare word: $RARE_WORD   alice: $alice_n tickets   $fifty_n tickets with 50 entries, e.g. HD-$fifty_id"
