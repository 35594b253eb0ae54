"""Search: in one map (the workspace's box and filters) and of everything one may read (the
site's page and the API). Full-text, stemmed, ranked, highlighted, never past permissions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from argmap.maps import search, services
from argmap.maps.models import Annotation, Map
from argmap.sources.models import Passage, Source
from tests.factories import MapFactory, UserFactory, api_as, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate(user):
    """A public map on a draft resolution with speakers, tags and annotations."""
    map = services.create_map(title="The cybercrime draft", created_by=user, visibility="public")
    central = services.add_claim(
        map=map, text="The General Assembly should adopt the draft.", author=user, speaker="Russia"
    )
    reason = services.add_support(
        conclusion=central, premises=["Drafting a treaty takes years of work."], author=user
    )
    objection = services.add_rebuttal(
        claim=central, premises=["It would legitimise <b>censorship</b> online."], author=user
    )
    premise = reason.premise_links.get().claim
    against = objection.premise_links.get().claim
    services.update_claim(
        claim=against, version=against.version, speaker="United States", tags=["rights"]
    )
    services.annotate(
        target=premise, author=user, body="Which treaties took longest?", kind="question"
    )
    services.annotate(
        target=against,
        author=user,
        body="Human Rights Watch report on surveillance laws.",
        kind="evidence",
    )
    return map


def map_search(client: Client, map: Map, **params) -> tuple[int, str]:
    response = client.get(
        reverse("maps:map-search", args=[map.slug]), params, headers={"HX-Request": "true"}
    )
    return response.status_code, response.content.decode()


def texts(found: search.MapSearch) -> list[str]:
    return [hit.claim.text for hit in found.hits]


def test_stemming_drafting_finds_draft_and_draft_finds_drafting(debate):
    expected = {
        "The General Assembly should adopt the draft.",
        "Drafting a treaty takes years of work.",
    }
    assert set(texts(search.in_map(debate, "drafting", search.Filters()))) == expected
    assert set(texts(search.in_map(debate, "draft", search.Filters()))) == expected
    assert set(texts(search.in_map(debate, "drafts", search.Filters()))) == expected


def test_ranking_puts_the_words_of_a_claim_before_its_speaker(user):
    map = services.create_map(title="Ranks", created_by=user)
    by_speaker = services.add_claim(map=map, text="A claim about phones.", author=user)
    services.update_claim(claim=by_speaker, version=by_speaker.version, speaker="Teachers union")
    services.add_claim(map=map, text="Teachers decide what happens in class.", author=user)
    services.add_claim(map=map, text="Nothing to do with it.", author=user)
    found = search.in_map(map, "teachers", search.Filters())
    assert texts(found) == ["Teachers decide what happens in class.", "A claim about phones."]


def test_ranking_more_matching_words_first(user):
    map = services.create_map(title="Ranks", created_by=user)
    services.add_claim(map=map, text="Phones distract pupils.", author=user)
    services.add_claim(
        map=map, text="Phones distract pupils and phones distract teachers.", author=user
    )
    found = search.in_map(map, "phones distract", search.Filters())
    assert texts(found)[0] == "Phones distract pupils and phones distract teachers."


def test_highlight_marks_words_and_escapes_the_claims_html(debate, site):
    status, html = map_search(site, debate, q="censorship")
    assert status == 200
    assert "&lt;b&gt;<mark>censorship</mark>&lt;/b&gt;" in html
    assert "<b>censorship</b>" not in html


def test_site_search_escapes_html_too(debate):
    rows = search.site_rows(UserFactory(username="reader"), "censorship")
    (hit,) = search.hits(list(rows), "censorship")
    assert hit.headline == "It would legitimise &lt;b&gt;<mark>censorship</mark>&lt;/b&gt; online."


def test_speakers_tags_and_annotations_are_searched(debate):
    assert texts(search.in_map(debate, "Russia", search.Filters())) == [
        "The General Assembly should adopt the draft."
    ]
    assert texts(search.in_map(debate, "rights", search.Filters()))[0].startswith("It would")
    via_note = search.in_map(debate, "treaties longest", search.Filters())
    assert texts(via_note) == ["Drafting a treaty takes years of work."]
    assert "<mark>longest</mark>" in via_note.hits[0].note


def test_each_filter(debate):
    def only(**filters) -> list[str]:
        return texts(search.in_map(debate, "", search.Filters(**filters)))

    assert only(tag="rights") == ["It would legitimise <b>censorship</b> online."]
    assert only(speaker="united states") == ["It would legitimise <b>censorship</b> online."]
    assert only(questions=True) == ["Drafting a treaty takes years of work."]
    assert only(evidence=True) == ["It would legitimise <b>censorship</b> online."]
    # A filter narrows the words' matches.
    assert texts(search.in_map(debate, "draft", search.Filters(questions=True))) == [
        "Drafting a treaty takes years of work."
    ]


def test_a_deleted_question_is_not_an_open_question(debate, user):
    services.delete_annotation(annotation=Annotation.objects.get(kind="question"), actor=user)
    assert texts(search.in_map(debate, "", search.Filters(questions=True))) == []


def test_label_filter_when_evaluate_is_on(debate, site):
    session = site.session
    session[f"evaluate-{debate.pk}"] = "everyone"
    session.save()
    status, html = map_search(site, debate, label="OUT")
    assert status == 200
    assert (
        "The General Assembly should adopt the draft." in html
    )  # attacked by a standing objection
    assert "Drafting a treaty" not in html
    status, html = map_search(site, debate, label="IN")
    assert "Drafting a treaty takes years of work." in html
    assert "adopt the draft" not in html


def test_empty_and_nothing_found_states(debate, site):
    status, html = map_search(site, debate, q="")
    assert status == 200 and "Type a word to search" in html
    status, html = map_search(site, debate, q="zebra")
    assert "Nothing matches ‘zebra’" in html
    response = site.get(reverse("maps:search"))
    assert "Type a word to search…" in response.content.decode()
    response = site.get(reverse("maps:search"), {"q": "zebra"})
    assert "Nothing matches ‘zebra’" in response.content.decode()


def test_workspace_search_without_javascript_shows_the_workspace_with_results(debate, site):
    response = site.get(reverse("maps:map-search", args=[debate.slug]), {"q": "draft"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="outline-pane"' in html and 'id="map-search"' in html
    assert "<mark>draft</mark>" in html
    assert 'value="draft"' in html


def test_the_workspace_has_the_search_box(debate, site):
    html = site.get(debate.get_absolute_url()).content.decode()
    assert 'id="map-search"' in html
    assert '<option value="rights">rights</option>' in html  # the tag filter offers the tags


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 201}, "q"),
        ({"questions": "maybe"}, "questions"),
        ({"evidence": "2"}, "evidence"),
        ({"label": "SOMETIMES"}, "label"),
        ({"tag": "t" * 51}, "tag"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(debate, site, params, field):
    status, html = map_search(site, debate, **params)
    assert status == 400
    assert field in html


def test_bad_site_and_api_input_is_a_400_naming_the_field(site, api):
    response = site.get(reverse("maps:search"), {"q": "x" * 201})
    assert response.status_code == 400 and "q" in response.content.decode()
    response = site.get(reverse("maps:search"), {"q": "draft", "page": "two"})
    assert response.status_code == 400 and "page" in response.content.decode()
    response = api.get("/api/search/", {"q": "x" * 201})
    assert response.status_code == 400 and "q" in response.json()
    response = api.get("/api/search/")
    assert response.status_code == 400 and "q" in response.json()
    response = api.get("/api/search/", {"q": "draft", "page_size": "-1"})
    assert response.status_code == 400 and "page_size" in response.json()


def test_someone_elses_private_map_never_appears(debate):
    owner = UserFactory(username="owner")
    secret = services.create_map(title="Secret plans", created_by=owner)
    services.add_claim(map=secret, text="The secret draft must stay hidden.", author=owner)
    stranger = UserFactory(username="stranger")
    for reader in (stranger, None):
        client = Client()
        if reader:
            client.force_login(reader)
        html = client.get(reverse("maps:search"), {"q": "draft"}).content.decode()
        assert "adopt the <mark>draft</mark>" in html
        assert "secret" not in html.lower()
        body = (api_as(reader) if reader else Client()).get("/api/search/", {"q": "secret"})
        assert body.json()["count"] == 0
        response = client.get(reverse("maps:map-search", args=[secret.slug]), {"q": "draft"})
        assert response.status_code == 404
    # A member sees it.
    viewer = member_of(secret, "viewer")
    assert api_as(viewer).get("/api/search/", {"q": "secret"}).json()["count"] == 1


def test_guests_see_public_maps_only(debate, user):
    private = services.create_map(title="Mine", created_by=user)
    services.add_claim(map=private, text="My own draft idea.", author=user)
    assert Client().get("/api/search/", {"q": "draft"}).json()["count"] == 2
    assert api_as(user).get("/api/search/", {"q": "draft"}).json()["count"] == 3


def test_api_shape_and_pagination(debate, api):
    source = Source.objects.create(
        slug="res",
        kind="draft-resolution",
        title="Draft resolution",
        symbol="A/C.3/74/L.11",
        body="Decides to draft a convention.",
        sha256="0" * 64,
    )
    Passage.objects.create(
        source=source,
        position=0,
        label="OP1",
        kind="operative",
        text="Decides to draft a convention.",
        start=0,
        end=30,
    )
    response = api.get("/api/search/", {"q": "draft", "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["next"] and body["previous"] is None
    assert len(body["results"]) == 2
    everything = api.get("/api/search/", {"q": "draft"}).json()["results"]
    kinds = {hit["kind"]: hit for hit in everything}
    assert set(kinds) == {"claim", "passage"}
    assert set(kinds["claim"]) == {"kind", "id", "headline", "title", "detail", "url"}
    assert kinds["passage"] == {
        "kind": "passage",
        "id": Passage.objects.get().pk,
        "headline": "Decides to <mark>draft</mark> a convention",  # an excerpt
        "title": "A/C.3/74/L.11",
        "detail": "OP1",
        "url": "http://testserver/sources/res/#OP1",
    }
    note = api.get("/api/search/", {"q": "surveillance"}).json()["results"][0]
    assert note["kind"] == "annotation" and note["title"] == "The cybercrime draft"
    assert note["url"].startswith("http://testserver/maps/")


def test_site_page_lists_claims_annotations_and_passages_with_links(debate, site):
    html = site.get(reverse("maps:search"), {"q": "rights"}).content.decode()
    assert "The cybercrime draft" in html
    assert "Evidence" in html  # the annotation's kind
    assert "Human <mark>Rights</mark> Watch" in html
    claim = debate.claims.get(text__startswith="It would")
    assert f'href="/maps/{debate.slug}/claims/{claim.pk}/"' in html


def test_site_search_pages(user):
    map = MapFactory(title="Many")
    for i in range(25):
        services.add_claim(map=map, text=f"Draft number {i}.", author=user)
    first = Client().get(reverse("maps:search"), {"q": "draft"}).content.decode()
    assert "25 results" in first and "page 1 of 2" in first and "Next ›" in first
    second = Client().get(reverse("maps:search"), {"q": "draft", "page": 2}).content.decode()
    assert second.count('class="search-hit"') == 5
