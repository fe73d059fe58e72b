#!/usr/bin/env python3
"""Per benchmark and method: top-10% share (mean ± std, worst seed), distinct top-10% architectures, oracle
queries, training seconds and — for trained runs — the valuer's ranking quality, from an experiment folder
written by `gnn2gnn experiment quality` (results.json plus runs/*/metrics.json). Prints Markdown."""
import json, pathlib, statistics, sys

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs/quality-nb201")
results = json.loads((folder / "results.json").read_text())["results"]

def stats(xs, fmt):
    if not xs:
        return "–"
    sd = statistics.stdev(xs) if len(xs) > 1 else 0
    return f"{fmt(statistics.mean(xs))} ± {fmt(sd)}"

pct = lambda x: f"{100 * x:.1f}%"
print("| benchmark | method | seeds | top-10% | worst seed | distinct top-10% | oracle queries | seconds | valuer ρ all / test / withheld | valuer τ test | top-10% of valuer's best 100 (/ best tenth) |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
for bench in dict.fromkeys(r["benchmark"] for r in results):
    for method in dict.fromkeys(r["method"] for r in results):
        rows = [r for r in results if r["benchmark"] == bench and r["method"] == method]
        if not rows:
            continue
        top10 = [r["metrics"]["top10"] for r in rows]
        distinct = [r["metrics"].get("distinctTop10") for r in rows if r["metrics"].get("distinctTop10") is not None]
        valuer = []
        for r in rows:
            m = folder / "runs" / f"{bench}-top{int(r['topRemoved'])}" / f"{method}-s{r['seed']}" / "metrics.json"
            if m.exists():
                v = json.loads(m.read_text()).get("valuer")
                if v:
                    valuer.append(v)
        vq = "–" if not valuer else " / ".join(stats([v[k] for v in valuer], lambda x: f"{x:.3f}") for k in ("spearman", "spearmanTest", "spearmanWithheld"))
        vt = "–" if not valuer else stats([v["kendallTest"] for v in valuer], lambda x: f"{x:.3f}")
        vp = "–" if not valuer else stats([v["top10PrecisionAt100"] for v in valuer], pct)
        tenth = [v["top10PrecisionAtTenth"] for v in valuer if v.get("top10PrecisionAtTenth") is not None]
        if tenth:
            vp += " / " + stats(tenth, pct)
        print(f"| {bench} | {method} | {len(rows)} | {stats(top10, pct)} | {pct(min(top10))} | {stats(distinct, lambda x: f'{x:.0f}')} | "
              f"{stats([r['oracleQueries'] for r in rows], lambda x: f'{x:.0f}')} | {stats([r['seconds'] for r in rows], lambda x: f'{x:.1f}')} | {vq} | {vt} | {vp} |")
