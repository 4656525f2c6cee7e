# shellcheck shell=bash
# t/bench/lib.sh -- what the benchmark scripts share.  Sourced with ROOT and
# HD_VAR set.

stack() { bash "$ROOT/conf/stack/stack.sh" "$@"; }

# Benchmark stacks run background jobs at production's pace (once a
# minute), out of the measurement's way; fixed when a stack is first made.
export HD_JOB_INTERVAL=${HD_JOB_INTERVAL:-60} HD_JOB_LEASE=${HD_JOB_LEASE:-300}

db_root() { mariadb --defaults-file="$HD_VAR/mysql/my.cnf" "$HD_DB_NAME" "$@"; }
db_app() { mariadb --defaults-file="$HD_VAR/mysql/client.cnf" "$HD_DB_NAME" "$@"; }

# Starts the stack of $HD_VAR unless it runs (a running one is only
# reloaded), quietly unless it fails, and gives MariaDB a buffer pool the
# data fits in: the stacks' own my.cnf keeps 32M so that test stacks stay
# small side by side; a million tickets take about 2G.
bench_stack_up() {
    local log
    log=$(mktemp)
    if ! stack start >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "the stack in $HD_VAR did not start" >&2
        return 1
    fi
    rm -f "$log"
    # shellcheck disable=SC1091
    . "$HD_VAR/stack.env"
    BENCH_DB_BUFFER=${BENCH_DB_BUFFER:-2G}
    db_root -e "SET GLOBAL innodb_buffer_pool_size = $(numfmt --from=iec "$BENCH_DB_BUFFER"),
                    GLOBAL innodb_log_file_size = GREATEST(@@innodb_log_file_size, 268435456)"
}
