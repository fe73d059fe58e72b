#!/usr/bin/env bash
# Your own table, measured: trains the default (plus extra flags) on random samples of a full benchmark standing in
# for a user's table, generates 1,000 cells, and scores them against the full table as ground truth (`evaluate
# --table`): the share new (not rows of the sample) and in the full top 10%, distinct such cells, the best new cell.
# Usage: scripts/own_table.sh OUT NAME nb101|nb201 [train flags…]
# Environment: G (default .build/release/gnn2gnn), SAMPLES (sample seeds, default "1 2 3"), N (rows per sample:
# nb101 5000, nb201 1000), SEED (training seed, default 0). Samples are drawn by scripts/sample_table.py into OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1; NAME=$2; SPACE=$3; shift 3
G=${G:-.build/release/gnn2gnn}
SAMPLES=${SAMPLES:-"1 2 3"}
SEED=${SEED:-0}
case "$SPACE" in
  nb101) FULL=../shared/data/nasbench101/nasbench101_cifar10_108ep.csv.gz; N=${N:-5000}; DATASET=() ;;
  nb201) FULL=../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv; N=${N:-1000}; DATASET=(--dataset cifar10) ;;
  *) echo "own_table.sh: space must be nb101 or nb201, not $SPACE" >&2; exit 2 ;;
esac
mkdir -p "$OUT"
for s in $SAMPLES; do
  sample="$OUT/$SPACE-$N-s$s.csv"
  [ -f "$sample" ] || python3 scripts/sample_table.py "$FULL" "$sample" "$N" "$s"
  run="$OUT/$NAME-$SPACE-$N-s$s"
  if [ ! -f "$run/metrics.json" ]; then
    rm -rf "$run"
    start=$(date +%s)
    "$G" train --space "$SPACE" --data "$sample" "${DATASET[@]}" --seed "$SEED" --out "$run" --quiet "$@" >/dev/null
    echo $(( $(date +%s) - start )) > "$run/wall-seconds"
  fi
  [ -f "$run/own-table.json" ] || "$G" evaluate --space "$SPACE" --data "$FULL" "${DATASET[@]}" --generated "$run/generated.jsonl" \
    --table "$sample" --json > "$run/own-table.json"
done
python3 - "$OUT" "$NAME-$SPACE-$N" $SAMPLES <<'PY'
import json, statistics, sys, pathlib
out, prefix, seeds = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
rows = []
for s in seeds:
    run = out / f"{prefix}-s{s}"
    e = json.loads((run / "own-table.json").read_text())
    m = json.loads((run / "metrics.json").read_text())
    rows.append((e["newShare"], e["newTop10"], e["distinctNewTop10"], e.get("bestNewTop"), m["oracleQueries"],
                 int((run / "wall-seconds").read_text()), (m.get("valuer") or {}).get("spearmanWithheld")))
def ms(xs, f): return f"{f(statistics.mean(xs))} ± {f(statistics.stdev(xs) if len(xs) > 1 else 0)}"
pct = lambda x: f"{100 * x:.1f}%"
print(f"| {prefix} | {len(rows)} | {ms([r[0] for r in rows], pct)} | {ms([r[1] for r in rows], pct)} | {pct(min(r[1] for r in rows))} "
      f"| {ms([r[2] for r in rows], lambda x: f'{x:.0f}')} | {min(r[2] for r in rows)} | {', '.join(f'{r[3]:.2f}%' if r[3] is not None else '–' for r in rows)} "
      f"| {ms([r[4] for r in rows], lambda x: f'{x:.0f}')} | {ms([r[5] for r in rows], lambda x: f'{x:.0f}')} |")
PY
