#!/bin/bash
# The tmt test /tmt/tests/suite: set the guest up with the project's own setup, run the suite once
# per engine profile of ENGINES (or once, on the configured engine), and write tmt's custom results
# file, one result per subtest (python -m dockertest.tmt_results). See tmt/plans/main.fmf.
set -uo pipefail
tree=${TMT_TREE:?the tmt test /tmt/tests/suite runs under tmt (TMT_TREE is not set)}
data=${TMT_TEST_DATA:?the tmt test /tmt/tests/suite runs under tmt (TMT_TEST_DATA is not set)}
cd "$tree" || exit 1

fail() {  # one error result for the test itself, naming what went wrong
    printf '[{"name": "/", "result": "error", "note": ["%s"], "log": []}]\n' "$1" >"$data/results.json"
    echo "suite.sh: $1" >&2
    exit 0
}

if [ -n "${DOCKERTEST_PYTHON:-}" ]; then
    py=$DOCKERTEST_PYTHON
    "$py" -m dockertest.host up || fail "host setup failed: $py -m dockertest.host up"
else
    py=$tree/.venv/bin/python
    make host-up || fail 'host setup failed: make host-up'
fi
bin=$(dirname "$py")
export DOCKERTEST_SUITE_DIR=$tree

jobs=() columns=()
run_job() {  # run_job PREFIX ENGINE_TOKEN: one autotest-local job under $data/jobs/PREFIX
    local out=$data/jobs/${1:-default} args
    args=$(echo "$2 ${DOCKERTEST_ARGS:-}" | xargs)
    mkdir -p "$out"
    "$bin/autotest-local" run docker --output_dir "$out" ${args:+--args="$args"}
    jobs+=("$1=$out/results/default")
    [ -f "$out/results/default/status.json" ] && columns+=("$(hostname)/${1:-docker}=$out/results/default")
}

if [ -n "${ENGINES:-}" ]; then
    for engine in $ENGINES; do run_job "$engine" "engine=$engine"; done
else
    run_job '' ''
fi
"$py" -m dockertest.tmt_results "$data" "${jobs[@]}" || fail 'cannot write the tmt results (see output.txt)'
# The host's jobs as one matrix (a column per engine), ready for dockertest.matrix_merge across guests.
[ ${#columns[@]} -eq 0 ] || "$py" -m dockertest.matrix_merge merge -o "$data" "${columns[@]}" || echo "suite.sh: no matrix (see above)" >&2
