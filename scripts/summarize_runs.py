#!/usr/bin/env python3
"""Markdown summary of `gnn2gnn train` run folders named DATASET-sSEED (or anything ending in -sSEED):
per group, top-10% share (mean ± std, worst seed), distinct top-10% architectures, oracle queries, training
seconds and the valuer's Spearman ρ (all classes / withheld top), from each folder's metrics.json."""
import json, pathlib, re, statistics, sys

groups = {}
for arg in sys.argv[1:]:
    folder = pathlib.Path(arg)
    metrics = folder / "metrics.json"
    if not metrics.exists():
        continue
    name = re.sub(r"-s\d+$", "", folder.name)
    groups.setdefault(name, []).append(json.loads(metrics.read_text()))

def stats(xs, fmt):
    sd = statistics.stdev(xs) if len(xs) > 1 else 0
    return f"{fmt(statistics.mean(xs))} ± {fmt(sd)}"

pct = lambda x: f"{100 * x:.1f}%"
print("| runs | seeds | top-10% | worst seed | distinct top-10% | oracle queries | training s | valuer ρ all / withheld (/ top-10% of its best tenth) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for name, runs in groups.items():
    top10 = [r["metrics"]["top10"] for r in runs]
    distinct = [r["metrics"].get("distinctTop10") or 0 for r in runs]
    queries = [r["oracleQueries"] for r in runs]
    seconds = [r["trainingSeconds"] for r in runs]
    valuer = [r["valuer"] for r in runs if r.get("valuer")]
    v = (f"{statistics.mean(x['spearman'] for x in valuer):.3f} / {statistics.mean(x['spearmanWithheld'] for x in valuer):.2f}"
         if valuer else "–")
    tenth = [x["top10PrecisionAtTenth"] for x in valuer if x.get("top10PrecisionAtTenth") is not None]
    if tenth:
        v += f" / {pct(statistics.mean(tenth))}"
    print(f"| {name} | {len(runs)} | {stats(top10, pct)} | {pct(min(top10))} | {stats(distinct, lambda x: f'{x:.0f}')} | "
          f"{stats(queries, lambda x: f'{x:.0f}')} | {stats(seconds, lambda x: f'{x:.0f}')} | {v} |")
