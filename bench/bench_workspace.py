"""Server time (median, ms) of the workspace's clicks on maps of 100 to 10,000 claims.

Measured in-process with Django's test client (no network), beside a trivial page (the log-in
form) measured in the same run: on a shared machine the ratios hold. The goals (issue 14): each
click under 20 ms at every size and at 10,000 claims no more than 1.5 times its time at 100; the
whole page under 150 ms at 3,500 claims and under 400 ms at 10,000.

Two tables: the wall-clock median, and the CPU a click costs (this process and the database
server's processes, the mean over the repeats). Other work on the machine inflates the first, not
the second: on a busy machine read the CPU table. The test client's template instrumentation
(which copies every template's context for the test assertions) is switched off: a server has none.

    python bench/bench_workspace.py [--sizes 100,1000] [--evaluate] [--repeat 9]

``--evaluate`` adds a row per size with Evaluate on (all members' judgements) for the clicks.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable

from common import build_tree, scratch_database

SIZES = (100, 1_000, 3_500, 10_000)
HTMX = {"HTTP_HX_REQUEST": "true"}
COLUMNS = ("page", "details", "add reason", "edit", "delete+undo", "branch")


def database_cpu_seconds(postmaster: int) -> float:
    """CPU used so far by the database server's connections (every connection of the
    postmaster's: a pooled connection's backend may change between requests; not its autovacuum
    and other background workers, which do not serve the click)."""
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) != postmaster:
                continue
            with open(f"/proc/{entry.name}/cmdline", "rb") as cmdline:
                if b"[local]" not in cmdline.read():  # "postgres: user database [local] idle"
                    continue
        except OSError:  # the process ended meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def the_postmaster() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    with open(f"/proc/{backend}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def analyze() -> None:
    """Statistics for the tables just filled, as autovacuum keeps them for a map that grew over
    time: measured within its first minute, a bulk-written map would be planned as if empty
    (hash joins over every map's arguments), and the figures would depend on autovacuum's timing.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE maps_claim, maps_argument, maps_premise, maps_change")


def measure_one(repeat: int, fn: Callable[[], object], postmaster: int) -> tuple[float, float]:
    """The median wall time and the mean CPU time of ``fn``, in milliseconds."""
    times = []
    database = database_cpu_seconds(postmaster)
    app = time.process_time()  # after reading /proc: that is not the click's work
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    app = time.process_time() - app
    database = database_cpu_seconds(postmaster) - database
    return statistics.median(times), (app + database) * 1000 / repeat


def measure(
    client, slug: str, root_pk: int, leaf_pk: int, inner_pk: int, repeat: int, postmaster: int
) -> list[tuple[float, float]]:
    def ok(response, status: int = 200) -> None:
        assert response.status_code == status, (response.status_code, response.content[:300])

    def page() -> None:
        ok(client.get(f"/maps/{slug}/"))

    def detail() -> None:
        ok(client.get(f"/maps/{slug}/claims/{root_pk}/", **HTMX))

    def add_reason() -> None:  # sent as the claim's own form in the detail pane sends it
        data = {"kind": "support", "text": "One more reason"}
        form = {**HTMX, "HTTP_HX_TRIGGER": f"add-argument-form-{root_pk}"}
        ok(client.post(f"/maps/{slug}/claims/{root_pk}/arguments/", data, **form))

    versions = iter(range(1, 10_000))  # the leaf's, one more each edit

    def edit() -> None:
        data = {"text": f"Claim edited {time.time()}", "version": next(versions)}
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/edit/", data, **HTMX))

    def delete_and_undo() -> None:
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/delete/", **HTMX))
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/restore/", **HTMX))

    def branch() -> None:
        ok(client.get(f"/maps/{slug}/claims/{inner_pk}/branch/", **HTMX))

    page()  # once first: the page the clicks are made on (with Evaluate on, its evaluation)
    found = [
        measure_one(max(3, repeat // 2), page, postmaster),
        measure_one(repeat, detail, postmaster),
        measure_one(repeat, add_reason, postmaster),
        measure_one(repeat, edit, postmaster),
        measure_one(repeat, delete_and_undo, postmaster),
        measure_one(repeat, branch, postmaster),
    ]
    wall, cpu = found[4]
    found[4] = (wall / 2, cpu / 2)  # one click each
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--evaluate", action="store_true", help="rows with Evaluate on, too")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    from django.template.base import Template
    from django.test import Client
    from django.test.utils import _TestState, setup_test_environment

    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Argument, Claim

    setup_test_environment()
    Template._render = _TestState.saved_data.template_render  # no instrumentation

    with scratch_database():
        postmaster = the_postmaster()
        user = User.objects.create_user(username="bench", password="x")
        client = Client()
        client.force_login(user)
        # Once first: the CPU table's mean would count Django's first-request imports.
        client.get("/accounts/login/")
        trivial = measure_one(21, lambda: client.get("/accounts/login/"), postmaster)
        rows: dict[str, list[tuple[float, float]]] = {}
        for size in sizes:
            for mode in ("", "everyone") if args.evaluate else ("",):
                the_map = services.create_map(title=f"bench {size} {mode}", created_by=user)
                build_tree(the_map, size)
                analyze()
                claims = list(
                    Claim.objects.filter(map=the_map).order_by("pk").values_list("pk", flat=True)
                )
                # A leaf (no reasons below it), and the deepest claim with reasons for a branch.
                concluded = set(
                    Argument.objects.filter(map=the_map).values_list("conclusion", flat=True)
                )
                leaf = next(pk for pk in reversed(claims) if pk not in concluded)
                inner = max(concluded)
                client.post(f"/maps/{the_map.slug}/evaluate/", {"mode": mode})
                label = f"{size}{' eval' if mode else ''}"
                rows[label] = measure(
                    client, the_map.slug, claims[0], leaf, inner, args.repeat, postmaster
                )
                print(f"  measured {label}", flush=True)
        for i, title in enumerate(("wall-clock median", "CPU, app and database (mean)")):
            base = trivial[i]
            print(f"\n{title}: trivial page (log-in form) {base:.1f} ms; ms per click (× trivial)")
            print(f"{'claims':>10} " + " ".join(f"{c:>17}" for c in COLUMNS))
            for label, found in rows.items():
                cells = " ".join(f"{t[i]:>9.1f} ({t[i] / base:>4.0f}×)" for t in found)
                print(f"{label:>10} {cells}")
            first, last = str(sizes[0]), str(sizes[-1])
            if first != last:
                growth = " ".join(
                    f"{b[i] / a[i]:>17.2f}" for a, b in zip(rows[first], rows[last], strict=True)
                )
                print(f"{last + '/' + first:>10} {growth}")


if __name__ == "__main__":
    main()
