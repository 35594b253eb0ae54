"""Throughput of the production server: a claim's details fragment beside a trivial page.

README's production command (gunicorn, two uvicorn workers, DEBUG off, the task worker beside it)
serves a scratch database holding the seed map (public, 20 claims) and a built map of 1,000 claims
(private). The map pages are read by the maps' owner, logged in with a session cookie, so that the
session and the permission check run on every request. The trivial page is the log-in form, read
anonymously (argmap has no health endpoint, and none is added for a benchmark).

wrk (Debian's package; installed with apt-get if missing, as the Makefile installs chromium) drives
each page in turn with one thread and a few connections, since it shares the two cores with the
server; the rounds are interleaved and the medians printed. Goal (issue 14): the details fragment
serves at least a third of the trivial page's requests per second.

    bench/bench_throughput.py [--quick] [--rounds N] [--seconds S] [--connections C] [--strict]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.request
from dataclasses import dataclass

from common import ROOT, build_tree, production_server, scratch_database, session_cookie

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Page:
    name: str
    path: str
    headers: dict[str, str]


@dataclass
class Result:
    per_second: float
    p50: float
    p99: float
    errors: int


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing Debian's wrk for the load benchmark…", flush=True)
    sudo = [] if os.getuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed and could not be installed")
    return found


def ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def run_wrk(wrk: str, url: str, page: Page, seconds: float, connections: int) -> Result:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    for name, value in page.headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, url + page.path], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if len(latency) != 2:
        raise RuntimeError(f"wrk said:\n{out}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return Result(per_second, ms(latency["50"]), ms(latency["99"]), errors)


def check(url: str, page: Page, fragment: bool) -> int:
    """The page answers 200 (a fragment, not the whole page, where one is asked for): its size."""
    request = urllib.request.Request(url + page.path, headers=page.headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read()
    assert answer.status == 200, (page.name, answer.status)
    assert (b"<html" not in body) == fragment, (page.name, body[:200])
    return len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke run)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="as README's production command")
    options = parser.parse_args()
    if options.quick:
        options.rounds, options.seconds = 1, 3

    from django.db.models import Count

    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Claim
    from argmap.maps.seeds import import_seeds

    wrk = ensure_wrk()
    with scratch_database():
        owner = User.objects.create_user(username="coach", first_name="Sam")
        seed = import_seeds(manifest_path=ROOT / "seeds" / "manifest.toml", owner=owner).map
        big = services.create_map(title="A thousand claims", created_by=owner)  # private
        build_tree(big, 1_000)
        cookie = {"Cookie": session_cookie(owner)}
        htmx = {**cookie, "HX-Request": "true"}
        pages = [Page("trivial page (log-in form, anonymous)", "/accounts/login/", {})]
        for map_, label in ((seed, "seed map"), (big, "1,000 claims")):
            claims = Claim.objects.filter(map=map_).annotate(reasons=Count("arguments_for"))
            root = claims.order_by("-reasons", "pk").first()  # the claim with most reasons
            assert root is not None
            pages.append(
                Page(f"claim details, {label}", f"/maps/{map_.slug}/claims/{root.pk}/", htmx)
            )
            pages.append(Page(f"workspace page, {label}", f"/maps/{map_.slug}/", cookie))
        with production_server(options.workers) as server:
            sizes = [check(server.url, p, "details" in p.name) for p in pages]
            for page in pages:  # warm up every worker and its caches
                run_wrk(wrk, server.url, page, 1, options.connections)
            results: dict[str, list[Result]] = {p.name: [] for p in pages}
            for _ in range(options.rounds):
                for page in pages:
                    results[page.name].append(
                        run_wrk(wrk, server.url, page, options.seconds, options.connections)
                    )
    report(options, pages, sizes, results)


def report(options, pages: list[Page], sizes: list[int], results: dict[str, list[Result]]) -> None:
    load = os.getloadavg()[0]
    print(
        f"gunicorn, {options.workers} uvicorn workers, DEBUG off; wrk -t1 -c{options.connections}, "
        f"{options.rounds} round(s) of {options.seconds:g} s per page, medians; "
        f"load average {load:.2f} on {os.cpu_count()} cores"
    )
    medians: dict[str, float] = {}
    for page, size in zip(pages, sizes, strict=True):
        runs = results[page.name]
        medians[page.name] = statistics.median(r.per_second for r in runs)
        print(
            f"  {page.name:40} {medians[page.name]:7.0f} req/s "
            f"(runs {', '.join(f'{r.per_second:.0f}' for r in runs)}); "
            f"p50 {statistics.median(r.p50 for r in runs):6.1f} ms, "
            f"p99 {statistics.median(r.p99 for r in runs):6.1f} ms; "
            f"{size:,} bytes; errors {sum(r.errors for r in runs)}"
        )
    trivial = results[pages[0].name]
    failed = False
    for page in pages[1:]:
        if "details" not in page.name:
            continue
        # Each round's ratio, of pages measured seconds apart: the machine's load moves less.
        ratios = [
            r.per_second / t.per_second for r, t in zip(results[page.name], trivial, strict=True)
        ]
        ratio = statistics.median(ratios)
        holds = ratio >= 1 / 3
        failed |= not holds
        print(
            f"  {page.name} / trivial page = {ratio:.2f} "
            f"(median of the rounds: {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"{'meets' if holds else 'MISSES'} the goal of at least 1/3)"
        )
    errors = sum(r.errors for runs in results.values() for r in runs)
    if errors:
        print(f"  {errors} requests failed (non-2xx or socket errors)")
    if options.strict and (failed or errors):
        sys.exit(1)


if __name__ == "__main__":
    main()
