#!/usr/bin/env python3
"""Converts NAS-Bench-Graph's light benchmark (PyPI `nas-bench-graph`, Apache-2.0) into the compact
table embedded in the package: Sources/NASBench/Resources/nasbench_graph.tsv.

Run once by hand, never at build time:
    python3 -m venv /tmp/nbg-venv && /tmp/nbg-venv/bin/pip install numpy nas-bench-graph==1.4.0
    /tmp/nbg-venv/bin/python scripts/convert_nasbench_graph.py [--datasets cora,citeseer,pubmed]

Output: tab-separated, one header row, then one row per architecture of the package's look-up table
(every key of `light_read(dataset)`, ascending), columns
    arch_id   the package's key, Arch(link, ops).valid_hash()
    link      the 4 computing nodes' inputs, comma-separated (0 = graph input, k = computing node k)
    ops       the 4 computing nodes' operations, comma-separated, the package's names (gnn_list)
    then per dataset D:
    D.valid   'valid_perf' (validation performance), rounded to 6 decimals
    D.test    'perf' (test performance), rounded to 6 decimals
    D.latency 'latency' as stored, 6 significant digits
    D.params  'para' (millions of parameters) times 1e6, as an integer

Second output, Sources/NASBench/Resources/nasbench_graph_aliases.tsv: the valid graphs of the space
(4 computing nodes, each fed by the input or an earlier node, leaves feeding the output, not all
skip) that are not isomorphic to any architecture of the table but that the package itself maps onto
one (its `valid_hash` treats skip connections as equivalent rearrangements). One row per isomorphism
class: `link`, `ops` (a representative) and the `arch_id` that `Arch(link, ops).valid_hash()` gives.
The script checks that every graph of a class maps to the same key and that every listed
architecture maps to itself.

Performance values of the package are means of three seeds on splits of at most a few thousand
nodes, so distinct values differ by far more than the rounding (checked below).
"""
import argparse
import itertools
import os
import sys

from nas_bench_graph import light_read
from nas_bench_graph.architecture import Arch, gnn_list, link_list


def decode(key):
    """Link pattern and ops of a look-up key (hash_arch: link index, then 4 ops in base 10)."""
    ops = []
    for _ in range(4):
        ops.append(gnn_list[key % 10])
        key //= 10
    return link_list[key], ops[::-1]


def canonical_form(link, ops):
    """Canonical form of the architecture's graph: least (labels, edges) over orders of the computing nodes."""
    edges, used = set(), set()
    for k, source in enumerate(link):
        edges.add((source, k + 1))
        used.add(source)
    edges |= {(v, 5) for v in range(1, 5) if v not in used}
    labels = ["input"] + list(ops) + ["output"]
    best = None
    for perm in itertools.permutations(range(1, 5)):
        order = [0, *perm, 5]
        position = {v: i for i, v in enumerate(order)}
        form = (tuple(labels[v] for v in order), tuple(sorted((position[a], position[b]) for a, b in edges)))
        if best is None or form < best:
            best = form
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="cora,citeseer,pubmed")
    parser.add_argument("--out", default=os.path.join(here, "..", "Sources", "NASBench", "Resources", "nasbench_graph.tsv"))
    args = parser.parse_args()
    datasets = args.datasets.split(",")
    benches = {d: light_read(d) for d in datasets}
    keys = sorted(benches[datasets[0]])
    for d, bench in benches.items():
        if sorted(bench) != keys:
            sys.exit(f"{d}: architecture keys differ from {datasets[0]}'s")

    header = ["arch_id", "link", "ops"]
    for d in datasets:
        header += [f"{d}.valid", f"{d}.test", f"{d}.latency", f"{d}.params"]
    lines = ["\t".join(header)]
    for key in keys:
        link, ops = decode(key)
        if Arch(link, ops).valid_hash() != key:
            sys.exit(f"key {key} does not decode to its own architecture")
        row = [str(key), ",".join(map(str, link)), ",".join(ops)]
        for d in datasets:
            info = benches[d][key]
            params = float(info["para"]) * 1e6
            if abs(params - round(params)) > 1e-3:
                sys.exit(f"{d} key {key}: parameter count {params} is not an integer")
            row += [
                f"{float(info['valid_perf']):.6f}",
                f"{float(info['perf']):.6f}",
                f"{float(info['latency']):.6g}",
                str(int(round(params))),
            ]
        lines.append("\t".join(row))

    # Rounding must not merge distinct values.
    for d in datasets:
        for field in ("valid_perf", "perf"):
            exact = {float(benches[d][k][field]) for k in keys}
            rounded = {round(v, 6) for v in exact}
            if len({round(v, 9) for v in exact}) != len(rounded):
                sys.exit(f"{d}.{field}: rounding to 6 decimals merges distinct values")

    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}: {len(keys)} architectures x {len(datasets)} datasets, {os.path.getsize(args.out)} bytes")

    # Aliases: every valid graph of the space, grouped by isomorphism class.
    listed = {canonical_form(*decode(key)): key for key in keys}
    if len(listed) != len(keys):
        sys.exit("two listed architectures are isomorphic")
    aliases = {}
    for link in itertools.product(*[range(k + 1) for k in range(4)]):
        for op_indices in itertools.product(range(len(gnn_list)), repeat=4):
            ops = [gnn_list[i] for i in op_indices]
            if all(op == "skip" for op in ops):
                continue
            key = Arch(list(link), ops).valid_hash()
            if key not in benches[datasets[0]]:
                sys.exit(f"{link} {ops}: valid_hash {key} is not in the table")
            form = canonical_form(list(link), ops)
            if form in listed:
                if listed[form] != key:
                    sys.exit(f"{link} {ops}: isomorphic to listed {listed[form]} but maps to {key}")
                continue
            previous = aliases.setdefault(form, (list(link), ops, key))
            if previous[2] != key:
                sys.exit(f"{link} {ops}: isomorphic graphs map to keys {previous[2]} and {key}")
    alias_out = os.path.join(os.path.dirname(args.out), "nasbench_graph_aliases.tsv")
    with open(alias_out, "w") as f:
        f.write("link\tops\tarch_id\n")
        for link, ops, key in sorted(aliases.values(), key=lambda r: (r[2], r[0], r[1])):
            f.write(f"{','.join(map(str, link))}\t{','.join(ops)}\t{key}\n")
    print(f"wrote {alias_out}: {len(aliases)} alias classes, {os.path.getsize(alias_out)} bytes")


if __name__ == "__main__":
    main()
