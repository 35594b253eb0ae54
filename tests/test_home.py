"""The home page: what argmap is to a visitor, with the seed debate as the example; my maps,
those shared with me and recent activity on them once logged in."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from argmap.maps import home, selectors, services
from argmap.maps.models import Map
from tests.factories import MapFactory

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def seeded() -> Map:
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug=home.EXAMPLE_SLUG)


def test_a_visitor_reads_what_argmap_is_and_who_it_is_for(client, db):
    html = client.get(HOME).content.decode()
    for words in [
        "Argument maps you build together",
        "central claim",
        "reasons",
        "objections",
        "undercuts",
        "Debate coaches",
        "Policy analysts",
        "exact words of a document",
        "import UN draft resolutions",
        "live",
        "evaluate",
    ]:
        assert words in html, words
    assert f'href="{reverse("signup")}">Create a free account' in html
    assert f'href="{reverse("login")}?next=/">Log in to your maps' in html
    assert "Create a map" not in html  # the form is for those logged in


def test_a_visitor_sees_the_seed_debate_as_the_live_example(client, seeded):
    html = client.get(HOME).content.decode()
    assert "A live example" in html and seeded.title in html
    assert "Central claim" in html and "Decides to establish" in html
    assert html.count('<li class="reason">') >= 1 and html.count('<li class="objection">') >= 1
    assert "First," in html or "Second," in html or "Third," in html  # the US's reasons
    central = selectors.map_graph(seeded).central_claims()[0]
    for url in [
        seeded.get_absolute_url(),
        reverse("maps:claim-focus", args=[seeded.slug, central.id]),
        reverse("maps:graph", args=[seeded.slug]),
    ]:
        assert f'href="{url}"' in html, url


def test_without_the_seed_map_the_page_still_says_what_argmap_is(client, public_map):
    html = client.get(HOME).content.decode()
    assert "A live example" not in html
    assert "Argument maps you build together" in html and public_map.title in html


def test_an_empty_site_says_so(client, db):
    html = client.get(HOME).content.decode()
    assert "No maps to show yet" in html


def test_a_private_seed_map_is_no_example_for_visitors(client, seeded):
    Map.objects.filter(pk=seeded.pk).update(visibility=Map.Visibility.PRIVATE)
    html = client.get(HOME).content.decode()
    assert seeded.title not in html and "Decides to establish" not in html


def test_private_maps_are_never_shown_to_visitors(client, map_, public_map, user):
    services.add_claim(map=map_, text="A secret claim", author=user)
    html = client.get(HOME).content.decode()
    assert public_map.title in html
    assert (
        map_.title not in html
        and "A secret claim" not in html
        and "<strong>coach</strong>" not in html
    )


def test_my_maps_and_those_shared_with_me_with_my_role_and_claims(
    client, user, other_user, map_, central, reason
):
    shared = services.create_map(title="The student's map", created_by=other_user)
    services.invite_member(map=shared, identifier=user.username, role="editor", actor=other_user)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    mine = html[html.index('id="mine-heading"') : html.index('id="shared-heading"')]
    theirs = html[html.index('id="shared-heading"') : html.index('id="activity-heading"')]
    assert map_.title in mine and "Owner" in mine and "2 claims" in mine
    assert "The student&#x27;s map" in theirs and "Editor" in theirs and "0 claims" in theirs
    assert map_.title not in theirs
    assert 'id="create-form"' in html and "Import a map" in html


def test_a_new_user_is_told_what_to_do(client, user, seeded):
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert "You have no maps yet" in html
    assert "open the example debate</a>" in html and seeded.get_absolute_url() in html
    assert "No one has shared a map with you yet" in html
    assert "Nothing has changed on your maps yet" in html


def test_recent_activity_names_who_did_what_where(client, user, map_, central, reason):
    client.force_login(user)
    html = client.get(HOME).content.decode()
    activity = html[html.index('id="activity-heading"') : html.index('id="public-heading"')]
    assert "coach" in activity and map_.title in activity
    assert "“They distract.”" in activity  # the detailed words, as the history page says it
    assert reverse("maps:argument", args=[map_.slug, reason.pk]) in activity
    assert "ago" in activity or "now" in activity


def test_recent_activity_comes_only_from_maps_i_belong_to(client, user, other_user, map_):
    secret = services.create_map(title="Secret plans", created_by=other_user)
    services.add_claim(map=secret, text="Nobody else may read this", author=other_user)
    public = MapFactory(title="Somebody's public map")
    services.add_claim(map=public, text="A public claim", author=other_user)
    services.add_claim(map=map_, text="My own claim", author=user)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    activity = html[html.index('id="activity-heading"') : html.index('id="public-heading"')]
    assert "My own claim" in activity or "added a claim" in activity
    assert "Secret plans" not in html and "Nobody else may read this" not in html
    assert "A public claim" not in activity and "Somebody" not in activity
    assert "Somebody&#x27;s public map" in html  # listed among the other public maps


def test_recent_activity_keeps_one_line_per_action_and_at_most_ten(user, map_):
    for i in range(15):
        central = services.add_claim(map=map_, text=f"Claim {i}", author=user)
        services.add_support(conclusion=central, premises=[f"Because {i}"], author=user)
    lines = home.recent_activity(user)
    assert len(lines) == home.RECENT
    assert len({line.change.action for line in lines}) == home.RECENT


def _maps_with_activity(owner, others, count):
    for i in range(count):
        the_map = services.create_map(title=f"Own {i}", created_by=owner)
        claim = services.add_claim(map=the_map, text=f"Claim on map {i}", author=owner)
        services.add_support(conclusion=claim, premises=[f"Reason {i}"], author=owner)
        other = services.create_map(title=f"Shared {i}", created_by=others)
        services.invite_member(map=other, identifier=owner.username, role="viewer", actor=others)
        MapFactory(title=f"Public {i}")


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_reads_a_fixed_number_of_queries(
    client, user, other_user, seeded, count, django_assert_max_num_queries
):
    _maps_with_activity(user, other_user, count)
    client.force_login(user)
    # the session, the user, my memberships, the changes, the names they mention, public maps
    with django_assert_max_num_queries(7):
        html = client.get(HOME).content.decode()
    assert f"Own {count - 1}" in html and f"Shared {count - 1}" in html
    client.logout()
    with django_assert_max_num_queries(5):  # the example (4) and the public maps
        html = client.get(HOME).content.decode()
    assert "Decides to establish" in html and f"Public {count - 1}" in html


def test_the_example_reads_the_map_in_four_queries(seeded, django_assert_num_queries):
    with django_assert_num_queries(4):
        shown = home.example(AnonymousUser())
    assert shown is not None and shown.central is not None
    assert 0 < len(shown.arguments) <= home.EXAMPLE_ARGUMENTS
    labels = [a.label for a in shown.arguments]
    assert "Reason" in labels and "Objection" in labels  # both sides, taken in turn


def test_recent_activity_links_a_deleted_claim_and_marks_an_undone_change(client, user, map_):
    claim = services.add_claim(map=map_, text="Soon gone", author=user)
    services.delete_claim(claim=claim, actor=user)
    back = services.add_claim(map=map_, text="Deleted, then back", author=user)
    services.delete_claim(claim=back, actor=user)
    services.undo_last(map=map_, actor=user)  # that deletion taken back
    client.force_login(user)
    html = client.get(HOME).content.decode()
    activity = html[html.index('id="activity-heading"') : html.index('id="public-heading"')]
    assert reverse("maps:claim", args=[map_.slug, claim.pk]) in activity
    assert '<span class="chip">undone</span>' in activity
    assert client.get(reverse("maps:claim", args=[map_.slug, claim.pk])).status_code == 200


def test_the_create_form_on_the_home_page_still_answers_htmx_with_its_fragment(client, user):
    client.force_login(user)
    answer = client.post(reverse("maps:create"), {"title": " "}, headers={"HX-Request": "true"})
    html = answer.content.decode()
    assert answer.status_code == 422
    assert html.lstrip().startswith('<form id="create-form"') and "<html" not in html
