"""Peak memory of the admin deleting a 5,000-passage document, beside a trivial baseline.

The baseline is the same deletion of a one-passage document, in the same run: what the admin
costs whatever the document. Peaks are Python allocations (tracemalloc) during one request.

make bench        # or: .venv/bin/python bench/bench_admin_memory.py
"""

import tracemalloc
from collections.abc import Callable

from common import scratch_database


def peak_mb(request: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        request()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from argmap.accounts.models import User
    from tests.factories import big_document

    setup_test_environment()  # the test client's host is allowed
    with scratch_database():
        client = Client()
        client.force_login(User.objects.create_superuser(username="admin", password="x"))
        client.get("/admin/")  # templates loaded before anything is measured
        print(f"{'passages':>8} {'text MB':>8} {'confirm page MB':>16} {'delete MB':>10}")
        for passages in (1, 5_000):
            source = big_document(passages, slug=f"bench-{passages}")
            url = reverse("admin:sources_source_delete", args=[source.pk])
            confirm = peak_mb(lambda url=url: client.get(url))
            delete = peak_mb(lambda url=url: client.post(url, {"post": "yes"}))
            text = len(source.body) / 1e6
            print(f"{passages:>8,} {text:>8.2f} {confirm:>16.1f} {delete:>10.1f}")


if __name__ == "__main__":
    main()
