"""How long map files take: parse (pure), import (database) and export (database + writer).

make bench        # or: .venv/bin/python bench/bench_formats.py

For maps of 100, 1,000 and 3,500 claims (each claim a reason or objection of an earlier one, every
tenth argument with two premises, every twentieth undercut) and each format, in milliseconds:
parse = file text to ArgumentGraph; import = ArgumentGraph into a new map (bulk INSERTs);
export = map_graph of that map and the writer. Parse and export are the best of three runs, the
import one run (each run creates a map).
"""

from __future__ import annotations

import random

from common import best_of, scratch_database

from argmap.formats.maps import parse_map, write_map
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode

SIZES = (100, 1_000, 3_500)
FORMATS = ("aif", "argdown", "kialo")


def synthetic_graph(claims: int, seed: int = 1) -> ArgumentGraph:
    rng = random.Random(seed)
    graph = ArgumentGraph(title=f"Benchmark map of {claims:,} claims")
    for i in range(1, claims + 1):
        graph.claims[i] = ClaimNode(
            i,
            f"Claim {i}: schools that ban phones see {rng.randint(1, 99)}% fewer incidents",
            speaker=rng.choice(["", "Ana Lopez", "Ben Okafor"]),
            tags=rng.choice([[], ["evidence"], ["policy", "two words"]]),
        )
    next_id = 1
    for i in range(2, claims + 1):
        premises = [i] if i % 10 or i + 1 > claims else [i, i + 1]
        if i % 10 == 1 and i > 2:
            continue  # the second premise of the argument before
        kind = SUPPORT if rng.random() < 0.6 else ATTACK
        graph.arguments[next_id] = ArgumentNode(
            next_id, kind, premises, conclusion_id=rng.randint(1, i - 1)
        )
        next_id += 1
    for target in list(graph.arguments)[::20]:
        premise = rng.randint(1, claims)
        if premise not in graph.arguments[target].premise_ids:
            graph.arguments[next_id] = ArgumentNode(next_id, ATTACK, [premise], target_id=target)
            next_id += 1
    return graph


def main() -> None:
    from argmap.maps import services
    from argmap.maps.imports import import_graph
    from argmap.maps.selectors import map_graph

    with scratch_database():
        print(
            f"{'claims':>7} {'format':>8} {'file KB':>8} {'parse ms':>9} {'import ms':>10} {'export ms':>10}"
        )
        for size in SIZES:
            graph = synthetic_graph(size)
            for name in FORMATS:
                data = write_map(graph, format=name).encode()
                parse_ms = best_of(3, lambda d=data, n=name: parse_map(d, format=n, filename="b"))
                parsed = parse_map(data, format=name, filename="bench").graph
                map_ = services.create_map(title=f"bench {size} {name}", created_by=None)
                import_ms = best_of(
                    1, lambda m=map_, g=parsed: import_graph(map=m, graph=g, author=None)
                )
                export_ms = best_of(3, lambda m=map_, n=name: write_map(map_graph(m), format=n))
                print(
                    f"{size:>7,} {name:>8} {len(data) / 1024:>8.0f} {parse_ms:>9.1f} "
                    f"{import_ms:>10.1f} {export_ms:>10.1f}"
                )


if __name__ == "__main__":
    main()
