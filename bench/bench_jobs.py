"""What runs in a request and what goes to the task worker: the numbers behind the choice.

make bench        # or: .venv/bin/python bench/bench_jobs.py

Map exports (what the export view does: map_graph_for_export and the writer) at 100 to 10,000
claims, and document imports (parse and write a Source with its passages, what the admin's
import does) for the seed resolution, the seed statement and a synthetic 300-page statement.
Best of three, in milliseconds, on a scratch database.
"""

from __future__ import annotations

from bench_formats import synthetic_graph
from common import best_of, scratch_database

from argmap.formats.maps import write_map

SIZES = (100, 1_000, 3_500, 10_000)
FORMATS = ("aif", "argdown", "kialo", "markdown")
PAGE_WORDS = 500  # a page of a UN document holds about this many words


def synthetic_statement(pages: int) -> bytes:
    """A statement of ``pages`` pages: the seed statement's header, then paragraphs."""
    head = "Statement on a long item\n\nAna Lopez\nA Mission to the United Nations\nNew York\nNovember 18, 2019\n\n\n"
    words = pages * PAGE_WORDS
    paragraphs = [" ".join(f"word{p}-{w}" for w in range(60)) + "." for p in range(words // 60)]
    return (head + "\n\n".join(paragraphs) + "\n").encode()


def main() -> None:
    from pathlib import Path

    from django.db import transaction

    from argmap.maps import services
    from argmap.maps.imports import import_graph
    from argmap.maps.selectors import map_graph_for_export
    from argmap.sources.services import import_document

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    with scratch_database():
        print(f"{'claims':>7} " + " ".join(f"{name + ' ms':>12}" for name in FORMATS) + "  file KB")
        for size in SIZES:
            map_ = services.create_map(title=f"bench {size}", created_by=None)
            import_graph(map=map_, graph=synthetic_graph(size), author=None)
            times, kb = [], 0.0
            for name in FORMATS:
                times.append(
                    best_of(3, lambda n=name, m=map_: write_map(map_graph_for_export(m), format=n))
                )
                kb = max(kb, len(write_map(map_graph_for_export(map_), format=name)) / 1024)
            print(f"{size:>7,} " + " ".join(f"{t:>12.1f}" for t in times) + f"  {kb:>7.0f}")

        documents = [
            (
                "seed resolution",
                (seeds / "unga74-draft-resolution-A-C.3-74-L.11.txt").read_bytes(),
                "draft-resolution",
            ),
            (
                "seed statement",
                (seeds / "unga74-us-statement-2019-11-18.txt").read_bytes(),
                "statement",
            ),
            ("300-page statement", synthetic_statement(300), "statement"),
        ]
        print(f"\n{'document':>20} {'KB':>6} {'passages':>9} {'import ms':>10}")
        for label, data, kind in documents:

            def once(data: bytes = data, kind: str = kind) -> None:
                with transaction.atomic():  # rolled back: each run imports the file anew
                    imported = import_document(data=data, filename="bench.txt", kind=kind)
                    once.passages = len(imported.parsed.passages)  # type: ignore[attr-defined]
                    transaction.set_rollback(True)

            ms = best_of(3, once)
            print(f"{label:>20} {len(data) / 1024:>6.0f} {once.passages:>9,} {ms:>10.1f}")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
