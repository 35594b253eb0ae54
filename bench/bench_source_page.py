"""A document's page with 5,000 passages, whole (as before paging) and a page at a time, beside
a trivial baseline (a one-passage document); and the comparison of two 5,000-passage texts.

Times are the best of a few requests through Django's test client (no network), in ms.

make bench        # or: .venv/bin/python bench/bench_source_page.py
"""

from contextlib import contextmanager

from common import best_of, scratch_database

MODULES = ("argmap.sources.models", "argmap.sources.views", "argmap.sources.selectors")


@contextmanager
def unpaged():
    """Every passage on the first page: the page as it was before it was paged."""
    import importlib

    modules = [importlib.import_module(name) for name in MODULES]
    saved = [m.PAGE for m in modules]
    for m in modules:
        m.PAGE = 10**9
    try:
        yield
    finally:
        for m, page in zip(modules, saved, strict=True):
            m.PAGE = page


def revised(source, slug: str):
    """A copy of ``source`` with one paragraph reworded, one removed and one added."""
    import hashlib

    from argmap.sources.models import Passage, Source

    texts = list(source.passages.order_by("position").values_list("text", flat=True))
    texts[100] = texts[100].replace("word100-3", "changed")
    del texts[2000]
    texts.insert(4000, "An added paragraph.")
    body = "\n\n".join(texts)
    copy = Source.objects.create(
        slug=slug,
        kind=source.kind,
        title=source.title,
        body=body,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
    )
    start, rows = 0, []
    for i, text in enumerate(texts, start=1):
        rows.append(
            Passage(
                source=copy,
                position=i,
                label=f"P{i}",
                kind="paragraph",
                text=text,
                start=start,
                end=start + len(text),
            )
        )
        start += len(text) + 2
    Passage.objects.bulk_create(rows, batch_size=1000)
    return copy


def main() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from tests.factories import big_document

    setup_test_environment()
    with scratch_database():
        client = Client()
        small = big_document(1, slug="one")
        big = big_document(5_000, slug="five-thousand")
        client.get(small.get_absolute_url())  # templates loaded before anything is measured

        def page(url: str, **headers: str) -> float:
            return best_of(5, lambda: client.get(url, headers=headers))

        url = big.get_absolute_url()
        print(f"{'what':<44} {'ms':>8} {'KB':>8}")
        rows = [
            ("1-passage document (baseline)", small.get_absolute_url(), {}),
            ("5,000 passages, first page", url, {}),
            (
                "5,000 passages, page 13 (htmx, as scrolled)",
                url + "?page=13",
                {"HX-Request": "true"},
            ),
        ]
        with unpaged():
            before = page(url)
            size = len(client.get(url).content) / 1000
        print(f"{'5,000 passages, all at once (before paging)':<44} {before:>8.1f} {size:>8.0f}")
        for what, address, headers in rows:
            ms = page(address, **headers)
            size = len(client.get(address, headers=headers).content) / 1000
            print(f"{what:<44} {ms:>8.1f} {size:>8.0f}")
        copy = revised(big, "five-thousand-rev")
        compare = reverse("sources:compare", args=[big.slug, copy.slug])
        ms = best_of(3, lambda: client.get(compare))
        size = len(client.get(compare).content) / 1000
        print(f"{'comparison of two 5,000-passage texts':<44} {ms:>8.1f} {size:>8.0f}")


if __name__ == "__main__":
    main()
