"""How long reading a map takes: map_graph (the database) and the outline built from it.

make bench        # or: .venv/bin/python bench/bench_map_graph.py
"""

from common import best_of, build_tree, scratch_database


def main() -> None:
    from argmap.maps import selectors, services

    with scratch_database():
        print(f"{'claims':>7} {'map_graph ms':>13} {'outline ms':>11}")
        for size in (100, 1_000, 3_500):
            map_ = services.create_map(title=f"bench {size}", created_by=None)
            build_tree(map_, size)
            graph_ms = best_of(5, lambda m=map_: selectors.map_graph(m))
            graph = selectors.map_graph(map_)
            outline_ms = best_of(5, lambda g=graph: g.outline())
            print(f"{size:>7} {graph_ms:>13.1f} {outline_ms:>11.1f}")


if __name__ == "__main__":
    main()
