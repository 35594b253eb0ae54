"""A document's page stays fast however long the document (issue 17, point 6): its passages come
PAGE at a time, the next page loading as the reader scrolls (htmx ``revealed``), with a link that
works without JavaScript; a link to a passage names its page."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.maps import services
from argmap.sources.models import PAGE, Passage, page_of
from tests.factories import big_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_document():
    return big_document(1_000, words=8)


def labels(html: str) -> list[str]:
    import re

    return re.findall(r'<div class="passage paragraph" id="(P\d+)"', html)


def test_the_first_page_shows_page_one_and_a_trigger_for_the_next(client, long_document):
    html = client.get(long_document.get_absolute_url()).content.decode()
    shown = labels(html)
    assert len(shown) == PAGE and shown[0] == "P1" and shown[-1] == f"P{PAGE}"
    assert 'hx-trigger="revealed"' in html
    assert 'href="?page=2">Passages 201–400 of 1,000</a>' in html


def test_the_next_page_comes_as_a_fragment_for_htmx_and_as_a_page_without(client, long_document):
    url = long_document.get_absolute_url() + "?page=2"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert labels(fragment)[0] == "P201" and len(labels(fragment)) == PAGE
    assert "<html" not in fragment and "?page=3" in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and labels(page)[0] == "P201"
    assert "Passages 201–400 of 1,000" in page and 'href="?page=1"' in page
    last = client.get(long_document.get_absolute_url() + "?page=5").content.decode()
    assert labels(last)[-1] == "P1000" and "hx-trigger" not in last


def test_pages_past_the_end_or_not_numbers_are_4xx(client, long_document):
    base = long_document.get_absolute_url()
    assert client.get(base + "?page=6").status_code == 404
    assert client.get(base + "?page=0").status_code == 400
    assert client.get(base + "?page=two").status_code == 400


def test_a_page_costs_the_same_few_queries_whatever_the_document(site, long_document, map_, user):
    services.attach_source(map=map_, source=long_document)
    for passage in long_document.passages.order_by("position")[:300]:
        services.add_claim(map=map_, text=f"On {passage.label}", author=user, passage=passage)
    url = long_document.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        html = site.get(url).content.decode()
    assert html.count('class="citing-claims"') == PAGE
    with CaptureQueriesContext(connection) as second:
        site.get(url + "?page=2", headers={"HX-Request": "true"})
    assert len(first) <= 8 and len(second) <= 8, [q["sql"][:80] for q in first]
    assert not any("body" in q["sql"] and '"sources_source"."body"' in q["sql"] for q in first)


def test_links_to_a_passage_name_its_page(long_document, map_, user):
    assert page_of(1) == 1 and page_of(PAGE) == 1 and page_of(PAGE + 1) == 2
    far = Passage.objects.get(source=long_document, label="P450")
    assert far.get_absolute_url().endswith(f"?page={page_of(far.position)}#P450")
    near = Passage.objects.get(source=long_document, label="P3")
    assert near.get_absolute_url().endswith("/#P3")


def test_a_5000_passage_document_page_is_about_as_fast_as_a_short_one(client):
    small, big = big_document(1, slug="small"), big_document(5_000, slug="big")
    client.get(small.get_absolute_url())

    def best(url: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        return min(times)

    baseline, long = best(small.get_absolute_url()), best(big.get_absolute_url())
    print(f"1 passage {baseline * 1000:.1f} ms; 5,000 passages, first page {long * 1000:.1f} ms")
    assert long < baseline + 1.0  # the first page only: a bounded cost, not 5,000 rows


# --- the workspace's sources pane ---------------------------------------------------------------


def test_the_workspace_pane_shows_a_long_documents_first_page_and_loads_the_next(client):
    from argmap.maps import services
    from tests.factories import UserFactory

    owner = UserFactory(username="analyst")
    the_map = services.create_map(title="Long report", created_by=owner, visibility="private")
    document = big_document(450, words=6)
    services.attach_source(map=the_map, source=document)
    later = document.passages.get(label="P230")
    services.add_claim(
        map=the_map,
        text="A quote on page 2.",
        author=owner,
        passage=later,
        span_start=0,
        span_end=len(later.text),
    )
    client.force_login(owner)
    page = client.get(the_map.get_absolute_url()).content.decode()
    assert page.count('class="src-passage') == 200 and "word199-0" in page
    assert "word200-0" not in page  # P201 on: loaded as the reader scrolls
    more = f"/maps/{the_map.slug}/sources/big-document/passages/"
    assert f'hx-get="{more}?page=2"' in page and "450 in all" in page
    second = client.get(more, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert second.count('class="src-passage') == 200 and "word200-0" in second
    assert 'data-claims="' in second.split('id="passage-' + str(later.pk))[1][:400]  # marked
    assert f'hx-get="{more}?page=3"' in second
    third = client.get(more, {"page": 3}).content.decode()
    assert third.count('class="src-passage') == 50 and "hx-get" not in third  # the end
    client.logout()
    assert client.get(more, {"page": 2}).status_code == 404  # a private map stays hidden
