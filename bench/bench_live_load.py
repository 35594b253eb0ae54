"""Live updates under load: 300 viewers hold one map's event stream while 20 editors edit it.

README's production command (gunicorn, two uvicorn workers, DEBUG off, the task worker beside it)
serves a scratch database. The map is private and each viewer is a member (role viewer) logged in
with a session cookie of its own, so the server asks for every change whether each viewer may
still read it (``--public``: anonymous viewers of a public map instead).

Issue 14 asks for "20 editors [making] 10 edits per second for 60 s". We read it as 10 edits per
second in all, shared by the 20 editors (each adds a reason every 2 s; 600 edits in 60 s): 200
edits per second on two cores is beyond any Django app. ``--rate`` is the total rate.

An edit is a reason with a new premise, POSTed to /api/arguments/ with the editor's API token; it
makes two changes (the new claim and the argument), two events. Its commit time is taken as the
moment its HTTP response arrives (the server commits, then answers; the NOTIFY goes out on commit,
so an event may even arrive a little before the response: such a latency is negative). Beside it,
an upper bound: the latency from the change's row (Change.at, taken inside the transaction, before
the commit); the goal is checked on both. A viewer's delivery latency is the moment it reads the
event's ``id:`` line minus that time; events are matched to edits through the change log (the
changes whose claim_ids hold the new premise). Viewers run in this process (asyncio protocols
that look only for ``id:`` lines), editors in another, so that neither's timing waits on the
other; all read the same machine's clock. A viewer whose stream ends reconnects after the stream's
retry time with Last-Event-ID, as EventSource does; replayed events count, late.

Printed: the edits made, events expected and received per viewer, delivery p50/p90/p99/max, HTTP
errors, stream disconnects and reconnects, the server's memory (RSS of gunicorn's processes, from
/proc) before the streams, with them open, and per open stream, and the most PostgreSQL
connections seen during the run; the CPU the server and this client used, and the delivery p50 of
each 10 s (one that grows: the server falls behind). Goals: every viewer receives every change,
p99 under 1 s, no error (``--strict``: exit 1 when one is missed).

    bench/bench_live_load.py [--quick] [--viewers 300] [--editors 20] [--rate 10] [--duration 60]
                              [--public] [--strict]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from collections import Counter

os.environ["DB_POOL_SIZE"] = "0"  # this process holds no pooled connections the count would see

from common import production_server, scratch_database, session_cookie
from load_clients import Viewers, edit, settle, warm_up
from load_probes import Sampler, connections_per_worker, cpu_seconds, cpu_waits, self_cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=300)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10, help="edits per second, all editors")
    parser.add_argument("--duration", type=float, default=60, help="seconds of editing")
    parser.add_argument("--workers", type=int, default=2, help="as README's production command")
    parser.add_argument("--public", action="store_true", help="anonymous viewers, a public map")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 50 viewers, 10 s")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    options = parser.parse_args()
    if options.quick:
        options.viewers, options.duration = 50, 10
    with scratch_database():
        run(options)


def set_up(options) -> tuple:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from argmap.accounts.models import User
    from argmap.accounts.services import create_token
    from argmap.maps import services
    from argmap.maps.models import Claim
    from tests.factories import build_tree

    started = time.monotonic()
    coach = User.objects.create_user(username="coach", first_name="Sam")
    visibility = "public" if options.public else "private"
    map_ = services.create_map(title="Class debate", created_by=coach, visibility=visibility)
    build_tree(map_, 100)
    conclusions = list(Claim.objects.filter(map=map_).order_by("pk").values_list("pk", flat=True))
    keys = []
    for i in range(options.editors):
        editor = User.objects.create_user(username=f"editor{i}", first_name=f"Student {i}")
        services.invite_member(map=map_, identifier=editor.username, role="editor", actor=coach)
        keys.append(create_token(user=editor, name="bench")[1])
    cookies = [""] * options.viewers
    if not options.public:
        viewers = User.objects.bulk_create(
            User(username=f"viewer{i}", password=make_password(None))
            for i in range(options.viewers)
        )
        cookies = []
        for viewer in viewers:
            services.invite_member(map=map_, identifier=viewer.username, role="viewer", actor=coach)
            cookies.append(session_cookie(viewer))
    database = connection.settings_dict["NAME"]
    connection.close()
    print(
        f"set-up: a {visibility} map of {len(conclusions)} claims, {options.editors} editors, "
        f"{options.viewers} {'anonymous viewers' if options.public else 'viewer members'} "
        f"({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return map_, conclusions[:20], keys, cookies, database


def run(options) -> None:
    from django.db import connection

    from argmap.maps.models import Change

    map_, conclusions, keys, cookies, database = set_up(options)
    edits = round(options.rate * options.duration)
    with production_server(options.workers) as server:
        workers = server.processes()[1:]
        warm_up(server.url, map_.slug, keys[0], conclusions[0], cookies, len(workers))
        last_before = (
            Change.objects.filter(map=map_).order_by("-pk").values_list("pk", flat=True)[0]
        )
        connection.close()
        time.sleep(1)  # the warm-up's streams are gone
        rss_before = server.rss_kib()
        with Sampler(server, database) as sampler:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            viewers = Viewers(server.url, map_.slug, cookies)
            opening = time.monotonic()
            loop.run_until_complete(viewers.open_all())
            opened_in = time.monotonic() - opening
            loop.run_until_complete(asyncio.sleep(2))  # let the server settle
            rss_open = server.rss_kib()
            port = int(server.url.rsplit(":", 1)[1])
            per_worker = connections_per_worker(port, workers)
            cpu_server, cpu_client = cpu_seconds(server.processes()), self_cpu()
            waited = cpu_waits(workers)
            busy = time.monotonic()
            outcomes, editing = loop.run_until_complete(
                edit(server.url, map_.slug, keys, conclusions, options, edits)
            )
            rss_after = server.rss_kib()
            restarted = len(set(server.processes()[1:]) - set(workers))
            made = Change.objects.filter(map=map_, pk__gt=last_before)
            changes = list(made.values_list("pk", "claim_ids", "at"))
            connection.close()
            loop.run_until_complete(settle(viewers, {pk for pk, _, _ in changes}))
            cpu_server = cpu_seconds(server.processes()) - cpu_server
            waited = cpu_waits(workers) - waited
            cpu_client = self_cpu() - cpu_client
            busy = time.monotonic() - busy
            viewers.close()
            loop.run_until_complete(asyncio.sleep(0.2))
            loop.close()
        log = server.log_text()
    report(
        options,
        edits=edits,
        outcomes=outcomes,
        changes=changes,
        viewers=viewers.viewers,
        opened_in=opened_in,
        editing=editing,
        memory=(rss_before, rss_open, rss_after),
        per_worker=per_worker,
        sampler=sampler,
        cpu=(cpu_server, cpu_client, busy, waited),
        log=log,
        restarted=restarted,
    )


def report(
    options,
    *,
    edits,
    outcomes,
    changes,
    viewers,
    opened_in,
    editing,
    memory,
    per_worker,
    sampler,
    cpu,
    log,
    restarted,
) -> None:
    made = [o for o in outcomes if o[1] is not None]
    failed = [o for o in outcomes if o[1] is None]
    # An edit is two changes (the new premise, then the argument), each holding the premise's id.
    answered = {premise: (sent, at) for _, premise, sent, at, _ in made}
    edit_of = {pk: answered[c] for pk, claim_ids, _ in changes for c in claim_ids if c in answered}
    committed = {pk: at for pk, (_, at) in edit_of.items()}
    expected = {pk for pk, _, _ in changes}
    unmatched = len(expected - committed.keys())
    # Change.at is taken inside the transaction, before the commit: an upper bound.
    recorded = {pk: at.timestamp() for pk, _, at in changes}
    since_recorded = [
        (viewer.received[pk] - at) * 1000
        for viewer in viewers
        for pk, at in recorded.items()
        if pk in viewer.received
    ]
    response_ms = [(at - sent) * 1000 for _, _, sent, at, _ in made]
    latencies = [
        (viewer.received[pk] - at) * 1000
        for viewer in viewers
        for pk, at in committed.items()
        if pk in viewer.received
    ]
    missing = [len(expected - viewer.received.keys()) for viewer in viewers]
    received = [len(expected & viewer.received.keys()) for viewer in viewers]
    stream_errors = [e for viewer in viewers for e in viewer.errors]
    disconnects = sum(v.disconnects for v in viewers)
    reconnects = sum(v.reconnects for v in viewers)
    before, opened, after = memory
    per_stream = (opened - before) / len(viewers)
    load = os.getloadavg()
    print(
        f"Reading of the issue: {options.rate:g} edits per second in total, shared by "
        f"{options.editors} editors (each one edit every {options.editors / options.rate:g} s), "
        f"for {options.duration:g} s; commit time = when the edit's HTTP response arrives."
    )
    print(
        f"server: gunicorn, {options.workers} uvicorn workers, DEBUG off; "
        f"load average {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} cores"
    )
    print(
        f"  {len(viewers)} streams opened in {opened_in:.1f} s "
        f"(per worker: {', '.join(str(n) for n in per_worker)})"
    )
    print(
        f"  edits: {len(made)} of {edits} made in {editing:.1f} s "
        f"({len(made) / editing:.1f}/s) by {options.editors} editors; response p50 {percentile(response_ms, 0.5):.0f} ms, "
        f"p99 {percentile(response_ms, 0.99):.0f} ms; failed {len(failed)}"
        + (f" (first: {failed[0][4]})" if failed else "")
    )
    print(
        f"  events: {len(expected)} changes (an edit is two: its new premise and the argument) "
        f"expected per viewer; received per viewer min "
        f"{min(received)}, median {statistics.median(received):g}; missing in all "
        f"{sum(missing)} ({sum(1 for m in missing if m)} viewers missed some)"
        + (f"; {unmatched} changes not made by the editors" if unmatched else "")
    )
    if latencies:
        print(
            f"  delivery (commit → viewer): p50 {percentile(latencies, 0.5):.0f} ms, "
            f"p90 {percentile(latencies, 0.9):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms, "
            f"max {max(latencies):.0f} ms, min {min(latencies):.0f} ms "
            f"({len(latencies):,} deliveries)"
        )
        print(
            f"  delivery from the change's row written (Change.at, before the commit: an upper "
            f"bound): p50 {percentile(since_recorded, 0.5):.0f} ms, "
            f"p90 {percentile(since_recorded, 0.9):.0f} ms, "
            f"p99 {percentile(since_recorded, 0.99):.0f} ms, max {max(since_recorded):.0f} ms"
        )
    print(
        f"  errors: HTTP {len(failed)} edits, {len(stream_errors)} streams"
        + (f" (first: {stream_errors[0]})" if stream_errors else "")
        + f"; stream disconnects {disconnects}, reconnects {reconnects}; "
        f"workers restarted {restarted}"
    )
    print(
        f"  server memory (RSS of gunicorn's processes): {before / 1024:.0f} MiB before the "
        f"streams, {opened / 1024:.0f} MiB with {len(viewers)} open, {after / 1024:.0f} MiB "
        f"after the edits (most {sampler.rss_most / 1024:.0f} MiB): "
        f"{per_stream:.0f} KiB per open stream"
    )
    print(
        f"  PostgreSQL connections to the database, most seen: {sampler.most} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(sampler.at_most.items()))})"
    )
    cpu_server, cpu_client, busy, waited = cpu
    print(
        f"  CPU from the first edit until every change was delivered ({busy:.0f} s): server "
        f"{cpu_server:.1f} s ({cpu_server / busy:.0%} of a core), "
        f"viewers' client {cpu_client:.1f} s ({cpu_client / busy:.0%}); the workers' event "
        f"loops waited {waited:.1f} s for a CPU taken by other work (run queue)"
    )
    start = min(committed.values(), default=0)
    windows: dict[int, list[float]] = {}
    for viewer in viewers:
        for pk, at in committed.items():
            if pk in viewer.received:
                windows.setdefault(int((at - start) // 10), []).append(viewer.received[pk] - at)
    print(
        "  delivery p50 by 10 s of editing (a growing one: the server falls behind): "
        + ", ".join(f"{statistics.median(w) * 1000:.0f}" for _, w in sorted(windows.items()))
        + " ms"
    )
    goals = {
        "every viewer received every change": not sum(missing) and not unmatched,
        "p99 delivery under 1 s (both measures)": bool(latencies)
        and max(percentile(latencies, 0.99), percentile(since_recorded, 0.99)) < 1000,
        "no error": not failed and not stream_errors and not disconnects and not restarted,
    }
    if not goals["no error"]:  # what the server said about it
        lines = log.splitlines()
        said = Counter(
            re.sub(r"^\[[^]]*\] \[\d+\] ", "", line)[:120]
            for line in lines
            if re.search(r"WARNING|ERROR|CRITICAL", line)
        )
        print(f"  the server logged {sum(said.values())} warnings and errors:")
        for line, count in said.most_common(8):
            print(f"    {count} × {line}")
        first = next((i for i, line in enumerate(lines) if "Traceback" in line), None)
        if first is not None:
            print("  its first traceback, the end:")
            end = next(
                (i for i in range(first + 1, len(lines)) if lines[i].startswith("[")), len(lines)
            )
            for line in lines[max(first, end - 12) : end]:
                print(f"    {line[:300]}")
    for goal, met in goals.items():
        print(f"  {'meets' if met else 'MISSES'}: {goal}")
    if options.strict and not all(goals.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
