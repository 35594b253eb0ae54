"""Server time (median, ms) of search at 100,000 claims across 100 maps.

Measured in-process with Django's test client (no network), beside a trivial page (the log-in
form) measured in the same run, as bench/bench_workspace.py does. The goal (issue 15): under
50 ms median for the site's search and for the search within one map.

The data: 100 maps of 1,000 claims (half of them public; the reader is a member of ten private
ones), one note on every tenth claim, a document of 2,000 passages. Each claim has eight words
drawn from 3,000 made-up words (a word is then in about 270 claims), and some words of the
debate in a fixed share of claims: "drafting" in 1% (1,000 claims), "cybercrime" in 10% (10,000),
so the figures cover a rare word, a word of 1% and a word of 10% of the claims.

    python bench/bench_search.py [--repeat 15]
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable

from common import scratch_database

MAPS, CLAIMS_PER_MAP = 100, 1_000
HTMX = {"HTTP_HX_REQUEST": "true"}
WORDS = [
    f"{a}{b}{c}"
    for a in ("ka", "lo", "mi", "nu", "pe", "ro")
    for b in "aeiou"
    for c in (
        "bant",
        "cord",
        "dril",
        "fenn",
        "gorm",
        "holt",
        "jask",
        "lumb",
        "morn",
        "nast",
        "pild",
        "quon",
        "rast",
        "sorb",
        "tult",
        "vank",
        "wend",
        "yorl",
        "zumb",
        "brip",
        "crad",
        "drom",
        "flin",
        "grut",
        "plok",
        "snar",
        "trov",
        "ulds",
        "vesk",
        "whan",
        "xyll",
        "yent",
        "zorb",
        "bleb",
        "cruf",
        "dwim",
        "elch",
        "fisk",
        "glom",
        "hurd",
        "imbl",
        "jorf",
        "klun",
        "lisp",
        "mank",
        "nimb",
        "orch",
        "prat",
        "quib",
        "rung",
        "stib",
        "twon",
        "unge",
        "vorp",
        "wisk",
        "yawl",
        "zest",
        "bonk",
        "clav",
        "dusk",
        "egle",
        "frob",
        "gask",
        "hank",
        "ibex",
        "jolt",
        "kelp",
        "lorn",
        "murk",
        "nock",
        "opal",
        "purl",
        "quay",
        "rift",
        "silt",
        "tusk",
        "umbr",
        "vext",
        "welt",
        "yolk",
        "zinc",
        "balk",
        "cusp",
        "dell",
        "ebon",
        "flax",
        "gild",
        "hemp",
        "isle",
        "jute",
        "knot",
        "loam",
        "moss",
        "nard",
        "oast",
        "pith",
    )
][:3_000]


def claim_text(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 8)
    if i % 100 == 7:
        words.insert(2, "drafting")
    if i % 10 == 3:
        words.insert(4, "cybercrime")
    return " ".join(words).capitalize() + "."


def build(user) -> tuple[str, str]:
    """The maps, claims, notes and document; the slug of a map the reader may read, and a rare
    word in it."""
    from django.db import connection

    from argmap.maps.models import Annotation, Claim, Map, Membership
    from tests.factories import big_document

    rng = random.Random(15)
    maps = Map.objects.bulk_create(
        Map(
            slug=f"bench-{m}",
            title=f"Bench map {m}",
            visibility="public" if m % 2 else "private",
        )
        for m in range(MAPS)
    )
    Membership.objects.bulk_create(
        Membership(map=maps[m], user=user, role="viewer") for m in range(0, 20, 2)
    )
    claims = Claim.objects.bulk_create(
        (
            Claim(
                map=maps[i // CLAIMS_PER_MAP],
                text=claim_text(rng, i),
                speaker="United States" if i % 5 == 0 else "",
                tags=["rights"] if i % 20 == 0 else [],
            )
            for i in range(MAPS * CLAIMS_PER_MAP)
        ),
        batch_size=2_000,  # at most 65,535 parameters a statement (server-side binding)
    )
    Annotation.objects.bulk_create(
        (
            Annotation(map_id=c.map_id, claim=c, kind="evidence", body=claim_text(rng, k))
            for k, c in enumerate(claims[::10])
        ),
        batch_size=2_000,  # at most 65,535 parameters a statement (server-side binding)
    )
    big_document(2_000)
    with connection.cursor() as cursor:
        # As autovacuum leaves a database that grew over time: statistics, visibility map,
        # the GIN indexes' pending lists merged (measured straight after a bulk write, the
        # first reads would pay for that).
        cursor.execute("VACUUM ANALYZE")
    rare = claims[1].text.split()[1]
    return maps[1].slug, rare


def plan_indexes(user, word: str) -> list[str]:
    """The indexes PostgreSQL's plan of the site's search uses."""
    import re

    from django.db import connection

    from argmap.maps import search

    sql, params = search.site_rows(user, word)[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return sorted(set(re.findall(r"Index Scan on (\w+)", plan)))


def measure(repeat: int, fn: Callable[[], object]) -> float:
    fn()  # once first (connections, caches)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from django.template.base import Template
    from django.test import Client
    from django.test.utils import _TestState, setup_test_environment

    from argmap.accounts.models import User
    from argmap.maps import search

    setup_test_environment()
    Template._render = _TestState.saved_data.template_render  # no instrumentation

    with scratch_database():
        user = User.objects.create_user(username="bench", password="x")
        start = time.perf_counter()
        slug, rare = build(user)
        print(f"built 100,000 claims in {time.perf_counter() - start:.0f} s", flush=True)
        client = Client()
        client.force_login(user)

        def ok(url: str, **headers: str) -> Callable[[], None]:
            def get() -> None:
                response = client.get(url, **headers)
                assert response.status_code == 200, (url, response.status_code)

            return get

        rows = [("trivial page (log-in form)", measure(args.repeat, ok("/accounts/login/")))]
        for word in (rare, "drafting", "cybercrime"):
            matches = search.site_rows(user, word).count()
            rows += [
                (
                    f"/search/?q={word} ({matches:,} found)",
                    measure(args.repeat, ok(f"/search/?q={word}")),
                ),
                (f"/api/search/?q={word}", measure(args.repeat, ok(f"/api/search/?q={word}"))),
                (
                    f"in one map, htmx: q={word}",
                    measure(args.repeat, ok(f"/maps/{slug}/search/?q={word}", **HTMX)),
                ),
            ]
        rows.append(
            (
                "in one map, htmx: q=drafting, tag filter",
                measure(args.repeat, ok(f"/maps/{slug}/search/?q=drafting&tag=rights", **HTMX)),
            )
        )
        rows.append(
            (
                "in one map, htmx: evidence filter, no words",
                measure(args.repeat, ok(f"/maps/{slug}/search/?evidence=yes", **HTMX)),
            )
        )
        print("\nindexes the site's search reads:", ", ".join(plan_indexes(user, "drafting")))
        base = rows[0][1]
        print(f"\nmedian server time of {args.repeat} requests (ms, × trivial page)")
        for label, ms in rows:
            print(f"{label:<52} {ms:>8.1f} ({ms / base:>4.1f}×)")


if __name__ == "__main__":
    main()
