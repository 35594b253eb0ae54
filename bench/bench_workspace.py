"""Server time (median, ms) of the workspace's clicks on maps of 100 to 10,000 claims.

Measured in-process with Django's test client (no network), beside a trivial page (the log-in
form) measured in the same run: on a shared machine the ratios hold. The goals (issue 14): each
click under 20 ms at every size and at 10,000 claims no more than 1.5 times its time at 100; the
whole page under 150 ms at 3,500 claims and under 400 ms at 10,000.
"""

import statistics
import time
from collections.abc import Callable

from common import build_tree, scratch_database

SIZES = (100, 1_000, 3_500, 10_000)
HTMX = {"HTTP_HX_REQUEST": "true"}
COLUMNS = ("page", "details", "add reason", "edit", "delete+undo", "branch")


def median_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(client, slug: str, root_pk: int, leaf_pk: int, inner_pk: int) -> list[float]:
    def ok(response, status: int = 200) -> None:
        assert response.status_code == status, (response.status_code, response.content[:300])

    def page() -> None:
        ok(client.get(f"/maps/{slug}/"))

    def detail() -> None:
        ok(client.get(f"/maps/{slug}/claims/{root_pk}/", **HTMX))

    def add_reason() -> None:
        data = {"kind": "support", "text": "One more reason"}
        ok(client.post(f"/maps/{slug}/claims/{root_pk}/arguments/", data, **HTMX))

    versions = iter(range(1, 10_000))

    def edit() -> None:
        data = {"text": f"Claim edited {time.time()}", "version": next(versions)}
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/edit/", data, **HTMX))

    def delete_and_undo() -> None:
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/delete/", **HTMX))
        ok(client.post(f"/maps/{slug}/claims/{leaf_pk}/restore/", **HTMX))

    def branch() -> None:
        ok(client.get(f"/maps/{slug}/claims/{inner_pk}/branch/", **HTMX))

    return [
        median_of(5, page),
        median_of(9, detail),
        median_of(9, add_reason),
        median_of(9, edit),
        median_of(9, delete_and_undo) / 2,  # one click each
        median_of(9, branch),
    ]


def main() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Argument, Claim

    setup_test_environment()
    with scratch_database():
        user = User.objects.create_user(username="bench", password="x")
        client = Client()
        client.force_login(user)
        trivial = median_of(21, lambda: client.get("/accounts/login/"))
        print(f"trivial page (log-in form): {trivial:.1f} ms; median ms per click (× trivial)")
        print(f"{'claims':>7} " + " ".join(f"{c:>17}" for c in COLUMNS))
        rows: dict[int, list[float]] = {}
        for size in SIZES:
            the_map = services.create_map(title=f"bench {size}", created_by=user)
            build_tree(the_map, size)
            claims = list(
                Claim.objects.filter(map=the_map).order_by("pk").values_list("pk", flat=True)
            )
            # A leaf (no reasons below it), and the deepest claim with reasons for a branch.
            concluded = set(
                Argument.objects.filter(map=the_map).values_list("conclusion", flat=True)
            )
            leaf = next(pk for pk in reversed(claims) if pk not in concluded)
            inner = max(concluded)
            rows[size] = measure(client, the_map.slug, claims[0], leaf, inner)
            cells = " ".join(f"{t:>9.1f} ({t / trivial:>4.0f}×)" for t in rows[size])
            print(f"{size:>7} {cells}")
        growth = " ".join(
            f"{b / a:>17.2f}" for a, b in zip(rows[SIZES[0]], rows[SIZES[-1]], strict=True)
        )
        print(f"{'10k/100':>7} {growth}")


if __name__ == "__main__":
    main()
