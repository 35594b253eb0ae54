import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from argmap.maps import selectors, services
from argmap.maps.models import Argument, Claim
from tests.factories import build_tree

pytestmark = pytest.mark.django_db


def queries_for_graph(map_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        graph = selectors.map_graph(map_)
        graph.outline()
    return len(ctx.captured_queries)


def test_map_graph_uses_the_same_number_of_queries_for_10_and_1000_claims(user):
    small = services.create_map(title="small", created_by=user)
    large = services.create_map(title="large", created_by=user)
    build_tree(small, 10)
    build_tree(large, 1000)
    assert queries_for_graph(small) == queries_for_graph(large) == 3
    graph = selectors.map_graph(large)
    assert len(graph.claims) == 1000 and len(graph.arguments) == 999


def test_map_graph_lists_the_claims_in_the_order_they_were_made(map_, user, api):
    """Whatever order the rows come in: an edited claim's row is written anew at the table's end,
    and a plan of another shape (a hash join) has an order of its own."""
    claims = [services.add_claim(map=map_, text=f"Claim {n}.", author=user) for n in range(4)]
    services.update_claim(claim=claims[0], version=1, text="Claim 0, edited.", actor=user)
    ids = [claim.pk for claim in claims]
    assert list(selectors.map_graph(map_).claims) == ids
    listed = api.get(f"/api/maps/{map_.slug}/graph/").json()["claims"]
    assert [claim["id"] for claim in listed] == ids


def test_map_graph_leaves_out_deleted_claims_and_arguments_that_lose_them(map_, user):
    central = services.add_claim(map=map_, text="C", author=user)
    reason = services.add_support(conclusion=central, premises=["P1", "P2"], author=user)
    objection = services.add_rebuttal(claim=central, premises=["O"], author=user)
    services.add_undercut(argument=objection, premises=["U"], author=user)
    services.delete_claim(claim=Claim.objects.get(text="P1"))
    services.delete_claim(claim=Claim.objects.get(text="O"))
    graph = selectors.map_graph(map_)
    assert {c.text for c in graph.claims.values()} == {"C", "P2", "U"}
    assert list(graph.arguments) == [reason.pk]
    assert graph.arguments[reason.pk].premise_ids == [Claim.objects.get(text="P2").pk]


def test_map_list_shows_size_and_only_readable_maps(map_, public_map, user, other_user):
    services.add_claim(map=map_, text="C", author=user)
    mine = {m.slug: m.claim_count for m in selectors.map_list(user)}
    assert mine == {map_.slug: 1, public_map.slug: 0}
    assert [m.slug for m in selectors.map_list(other_user)] == [public_map.slug]


def test_map_graph_drops_chains_of_undercuts_whose_root_is_gone(map_, user):
    central = services.add_claim(map=map_, text="C", author=user)
    objection = services.add_rebuttal(claim=central, premises=["O"], author=user)
    first = services.add_undercut(argument=objection, premises=["U1"], author=user)
    second = services.add_undercut(argument=first, premises=["U2"], author=user)
    assert set(selectors.map_graph(map_).arguments) == {objection.pk, first.pk, second.pk}
    # Rows as an older version may have left them: the claim gone, its arguments not marked.
    Claim.objects.filter(pk=central.pk).update(deleted_at=timezone.now())
    assert selectors.map_graph(map_).arguments == {}


def test_map_graph_keeps_undercuts_that_attack_each_other_in_a_circle(map_, user):
    central = services.add_claim(map=map_, text="C", author=user)
    reason = services.add_support(conclusion=central, premises=["P"], author=user)
    first = services.add_undercut(argument=reason, premises=["U1"], author=user)
    second = services.add_undercut(argument=first, premises=["U2"], author=user)
    Argument.objects.filter(pk=first.pk).update(target=second)  # a circle no page can make
    graph = selectors.map_graph(map_)
    assert {first.pk, second.pk} <= set(graph.arguments)
    graph.outline()  # and the outline still ends


def test_a_claims_details_show_its_live_annotations_oldest_first_with_their_authors(map_, user):
    central = services.add_claim(map=map_, text="C", author=user)
    user.first_name, user.last_name = "Ada", "Byron"
    user.save()
    first = services.annotate(target=central, author=user, body="First.")
    services.annotate(target=central, author=None, body="Anonymous.")
    gone = services.annotate(target=central, author=user, body="Removed.")
    services.delete_annotation(annotation=gone, actor=user)
    reason = services.add_support(conclusion=central, premises=["P"], author=user)
    services.annotate(target=reason, author=user, body="On the reason.")
    with CaptureQueriesContext(connection) as ctx:
        notes = selectors.claim_detail(map_, central).annotations
        names = [str(note.author) if note.author else None for note in notes]
    assert [note.body for note in notes] == ["First.", "Anonymous."]
    assert names == ["Ada Byron", None]
    assert notes[0].author_id == user.pk and notes[0].version == first.version
    assert len(ctx.captured_queries) == 3  # arguments, annotations, the texts they name
    detail = selectors.argument_detail(map_, reason)
    assert [note.body for note in detail.annotations] == ["On the reason."]


def test_a_claim_is_read_with_the_passage_it_quotes_and_its_source_in_one_query(map_, user):
    from tests.factories import big_document

    source = big_document(3)
    source.metadata = {"symbol": {"nested": [1, 2]}}
    source.save()
    services.attach_source(map=map_, source=source, actor=user)
    passage = source.passages.order_by("position").first()
    quoted = services.add_claim(
        map=map_, text="Quoted.", author=user, passage=passage, span_start=0, span_end=5
    )
    plain = services.add_claim(map=map_, text="Plain.", author=user, speaker="US")
    other_map = services.create_map(title="Other", created_by=user)
    with CaptureQueriesContext(connection) as ctx:
        claim = selectors.claim_with_source(map_, quoted.pk)
        assert claim is not None
        assert (claim.passage.pk, claim.passage.source.pk) == (passage.pk, source.pk)
        assert claim.passage.source.metadata == {"symbol": {"nested": [1, 2]}}
        words = claim.quote
        read = selectors.claim_with_source(map_, plain.pk)
        assert read is not None and read.passage is None
    assert len(ctx.captured_queries) == 2
    assert words == Claim.objects.get(pk=quoted.pk).quote == passage.text[:5]
    assert (read.text, read.speaker, read.version, read.tags) == ("Plain.", "US", 1, [])
    assert selectors.claim_with_source(other_map, plain.pk) is None
    assert selectors.claim_with_source(map_, 2**63) is None
    services.delete_claim(claim=plain, actor=user)
    assert selectors.claim_with_source(map_, plain.pk) is None
    deleted = selectors.claim_with_source(map_, plain.pk, live=False)
    assert deleted is not None and deleted.deleted_at is not None
