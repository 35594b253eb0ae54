"""Each workspace endpoint: its htmx fragment, its plain-form fallback, its errors and its gate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Annotation, Argument, Claim, Map, Membership
from tests.factories import MembershipFactory, UserFactory, build_tree

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(client, map_, user):
    client.force_login(user)
    return client


def url(name: str, map_: Map, *args: int) -> str:
    return reverse(f"maps:{name}", args=[map_.slug, *args])


def test_the_workspace_page_has_three_panes(editor, map_, central):
    html = editor.get(map_.get_absolute_url()).content.decode()
    for pane in [
        'id="outline-pane"',
        'id="detail"',
        'id="sources-pane"',
        "Phones should be banned.",
    ]:
        assert pane in html


def test_claim_detail_full_page_and_fragment(editor, map_, central):
    full = editor.get(url("claim", map_, central.pk))
    assert b'id="outline-pane"' in full.content and b"Phones should be banned." in full.content
    fragment = editor.get(url("claim", map_, central.pk), **HTMX)
    html = fragment.content.decode()
    assert (
        "<html" not in html
        and f'data-selected-claim="{central.pk}"' in html
        and 'id="outline-pane"' not in html
    )


def test_argument_detail_full_page_and_fragment(editor, map_, reason):
    assert b'id="outline-pane"' in editor.get(url("argument", map_, reason.pk)).content
    html = editor.get(url("argument", map_, reason.pk), **HTMX).content.decode()
    assert "<html" not in html and "They distract." in html and "Add a co-premise" in html


def test_create_a_central_claim_htmx_and_plain(editor, map_):
    response = editor.post(url("claim-create", map_), {"text": "Homework should go."}, **HTMX)
    claim = Claim.objects.get(text="Homework should go.")
    html = response.content.decode()
    assert response.status_code == 200 and f'data-selected-claim="{claim.pk}"' in html
    # The outline's pieces follow out of band: the new central claim and the counts, not the outline.
    assert 'id="fragments" hx-swap-oob="innerHTML"' in html and 'id="outline-pane"' not in html
    assert f'data-claim-id="{claim.pk}"' in html and "· 1 claim, 0 arguments" in html
    plain = editor.post(url("claim-create", map_), {"text": "Tests should go."})
    assert plain.status_code == 302 and plain["Location"] == url(
        "claim", map_, Claim.objects.get(text="Tests should go.").pk
    )


def test_a_blank_claim_comes_back_with_its_error(editor, map_):
    response = editor.post(url("claim-create", map_), {"text": "  "}, **HTMX)
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    plain = editor.post(url("claim-create", map_), {"text": ""})
    assert plain.status_code == 422 and b'id="outline-pane"' in plain.content
    assert not Claim.objects.exists()


def test_add_a_reason_an_objection_and_link_an_existing_claim(editor, map_, central, user):
    editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "text": "Marks rise."},
        **HTMX,
    )
    editor.post(
        url("claim-add-argument", map_, central.pk), {"kind": "attack", "text": "Emergencies."}
    )
    existing = services.add_claim(map=map_, text="Existing claim", author=user)
    response = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "claim": existing.pk},
        **HTMX,
    )
    assert response.status_code == 200
    kinds = sorted(Argument.objects.filter(conclusion=central).values_list("kind", flat=True))
    assert kinds == ["attack", "support", "support"]
    assert Argument.objects.filter(premise_links__claim=existing).exists()


def test_add_argument_errors(editor, map_, central):
    empty = editor.post(url("claim-add-argument", map_, central.pk), {"kind": "support"}, **HTMX)
    assert (
        empty.status_code == 422
        and "Write the claim, or choose an existing one." in empty.content.decode()
    )
    itself = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "claim": central.pk},
        **HTMX,
    )
    assert itself.status_code == 422 and "about itself" in itself.content.decode()
    assert not Argument.objects.exists()


def test_edit_claim_and_the_conflict_it_may_meet(editor, map_, central):
    ok = editor.post(
        url("claim-edit", map_, central.pk),
        {"text": "Ban phones.", "speaker": "Coach", "tags": "policy, school", "version": 1},
        **HTMX,
    )
    assert ok.status_code == 200
    central.refresh_from_db()
    assert (central.text, central.speaker, central.tags, central.version) == (
        "Ban phones.",
        "Coach",
        ["policy", "school"],
        2,
    )
    stale = editor.post(url("claim-edit", map_, central.pk), {"text": "Mine", "version": 1}, **HTMX)
    html = stale.content.decode()
    assert stale.status_code == 409 and "changed by someone else" in html and "Ban phones." in html
    assert 'name="version" value="2"' in html  # saving again replaces it knowingly
    assert Claim.objects.get(pk=central.pk).text == "Ban phones."


def test_delete_and_undo_a_claim(editor, map_, central, reason):
    html = editor.post(url("claim-delete", map_, central.pk), **HTMX).content.decode()
    assert "was deleted" in html and "Undo" in html
    assert Argument.objects.get(pk=reason.pk).deleted_at is not None
    plain = editor.post(url("claim-restore", map_, central.pk))
    assert plain.status_code == 302
    assert (
        Claim.objects.get(pk=central.pk).deleted_at is None
        and Argument.objects.get(pk=reason.pk).deleted_at is None
    )


def test_co_premises_undercuts_moves_and_deleting_an_argument(editor, map_, central, reason, user):
    editor.post(
        url("argument-add-premise", map_, reason.pk), {"text": "Marks fall.", "version": 1}, **HTMX
    )
    assert reason.premise_links.count() == 2
    first = Claim.objects.get(text="They distract.")
    editor.post(url("argument-remove-premise", map_, reason.pk, first.pk), {"version": 2}, **HTMX)
    assert [link.claim.text for link in reason.premise_links.all()] == ["Marks fall."]
    editor.post(url("argument-undercut", map_, reason.pk), {"text": "Correlation only."})
    assert Argument.objects.get(target=reason).premises.get().text == "Correlation only."
    other = services.add_claim(map=map_, text="Another claim", author=user)
    moved = editor.post(
        url("argument-move", map_, reason.pk), {"claim": other.pk, "version": 3}, **HTMX
    )
    assert moved.status_code == 200 and Argument.objects.get(pk=reason.pk).conclusion == other
    editor.post(url("argument-delete", map_, reason.pk), **HTMX)
    assert Argument.objects.get(pk=reason.pk).deleted_at is not None
    editor.post(url("argument-restore", map_, reason.pk), **HTMX)
    assert Argument.objects.get(pk=reason.pk).deleted_at is None


def test_a_stale_co_premise_is_refused(editor, map_, reason):
    response = editor.post(
        url("argument-add-premise", map_, reason.pk), {"text": "Late.", "version": 9}, **HTMX
    )
    assert response.status_code == 409 and "changed by someone else" in response.content.decode()
    assert reason.premise_links.count() == 1


def test_annotations_render_markdown_safely(editor, map_, central):
    body = "**Bold** <script>alert(1)</script> [link](javascript:alert(1))"
    html = editor.post(
        url("claim-annotate", map_, central.pk), {"kind": "note", "body": body}, **HTMX
    ).content.decode()
    assert "<strong>Bold</strong>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The Markdown source stays as text in the author's edit form; no link runs a script.
    assert "<script>alert" not in html and 'href="javascript:' not in html
    note = Annotation.objects.get()
    editor.post(url("annotation-delete", map_, note.pk), **HTMX)
    assert Annotation.objects.get().deleted_at is not None


def test_bad_evidence_link_is_refused_beside_the_field(editor, map_, central):
    response = editor.post(
        url("claim-annotate", map_, central.pk),
        {"kind": "evidence", "body": "x", "url": "not a link"},
        **HTMX,
    )
    assert response.status_code == 422 and "Enter a valid URL" in response.content.decode()


def test_claim_from_a_selected_passage_and_its_highlight(editor, map_, user):
    from argmap.sources.models import Passage, Source

    source = Source.objects.create(
        slug="doc", kind="other", title="Doc", body="Phones distract pupils.", sha256="1" * 64
    )
    passage = Passage.objects.create(
        source=source, position=1, label="P1", kind="paragraph", text=source.body, start=0, end=23
    )
    editor.post(url("attach-source", map_), {"source": source.pk})
    assert list(map_.sources.all()) == [source]
    response = editor.post(
        url("claim-create", map_),
        {"text": "phones distract", "passage": passage.pk, "span_start": 0, "span_end": 15},
        **HTMX,
    )
    claim = Claim.objects.get()
    html = response.content.decode()
    assert claim.quote == "Phones distract" and 'id="sources-pane" hx-swap-oob="innerHTML"' in html
    assert f'<mark id="span-{claim.pk}" data-claims="{claim.pk}"' in html


def test_picker_and_branch_fragments(editor, map_, central, reason):
    picker = editor.get(
        url("picker", map_), {"q": "distract", "exclude": central.pk}
    ).content.decode()
    assert "They distract." in picker and 'type="radio" name="claim"' in picker
    assert (
        "No claim of this map contains"
        in editor.get(url("picker", map_), {"q": "zebra"}).content.decode()
    )
    branch = editor.get(url("claim-branch", map_, central.pk), **HTMX).content.decode()
    assert branch.startswith('<li class="claim') and "They distract." in branch
    focus = editor.get(url("claim-branch", map_, central.pk)).content.decode()
    assert "Show the whole map" in focus


def test_deep_branches_are_collapsed_and_load_on_demand(editor, map_, central, user):
    claim = central
    for depth in range(8):
        claim = services.add_support(
            conclusion=claim, premises=[f"Level {depth + 1}"], author=user
        ).premises.get()
    html = editor.get(map_.get_absolute_url()).content.decode()
    assert (
        "Level 3" in html
        and "Level 5" not in html
        and "Show the reasons and objections below" in html
    )
    level4 = Claim.objects.get(text="Level 4")
    branch = editor.get(url("claim-branch", map_, level4.pk), **HTMX).content.decode()
    assert "Level 5" in branch and "eval-label" not in branch
    editor.post(reverse("maps:evaluate", args=[map_.slug]), {"mode": "mine"})
    evaluated = editor.get(url("claim-branch", map_, level4.pk), **HTMX).content.decode()
    assert 'class="eval-label">IN<' in evaluated  # a branch loaded later is labelled like the rest


@pytest.mark.parametrize("role", [None, "viewer", "commenter"])
def test_those_who_may_not_edit_are_refused_and_nothing_changes(
    client, public_map, other_user, role
):
    central = services.add_claim(map=public_map, text="C", author=None)
    if role:
        MembershipFactory(map=public_map, user=other_user, role=role)
        client.force_login(other_user)
    response = client.post(
        url("claim-add-argument", public_map, central.pk), {"kind": "support", "text": "x"}, **HTMX
    )
    assert response.status_code == 403
    assert not Argument.objects.exists()
    page = client.get(public_map.get_absolute_url()).content.decode()
    assert "Add a central claim" not in page and "Delete claim" not in page


def test_a_commenter_may_annotate(client, public_map, other_user):
    central = services.add_claim(map=public_map, text="C", author=None)
    MembershipFactory(map=public_map, user=other_user, role="commenter")
    client.force_login(other_user)
    assert (
        client.post(
            url("claim-annotate", public_map, central.pk), {"kind": "note", "body": "Hm"}, **HTMX
        ).status_code
        == 200
    )
    assert Annotation.objects.count() == 1


def test_private_maps_are_404_for_strangers(client, map_, central, other_user):
    client.force_login(other_user)
    assert (
        client.post(
            url("claim-add-argument", map_, central.pk), {"kind": "support", "text": "x"}
        ).status_code
        == 404
    )
    assert client.get(url("claim", map_, central.pk)).status_code == 404


def test_create_a_map_htmx_and_plain(client, user):
    client.force_login(user)
    response = client.post(
        reverse("maps:create"), {"title": "Debate club", "visibility": "private"}, **HTMX
    )
    assert response.status_code == 200 and response["HX-Redirect"] == "/maps/debate-club/"
    plain = client.post(reverse("maps:create"), {"title": "Debate club", "visibility": "public"})
    assert plain.status_code == 302 and plain["Location"] == "/maps/debate-club-2/"
    assert Membership.objects.filter(user=user, role="owner").count() == 2
    bad = client.post(reverse("maps:create"), {"title": "", "visibility": "public"}, **HTMX)
    assert bad.status_code == 422 and "This field is required" in bad.content.decode()


def count_queries(client, method: str, path: str, data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = (
            getattr(client, method)(path, data or {}, **HTMX)
            if method == "post"
            else client.get(path)
        )
        assert response.status_code in (200, 302), response.content[:300]
    return len(ctx.captured_queries)


def test_pages_and_fragments_query_the_same_for_10_and_1000_claims(client, user):
    counts = {}
    for size in (10, 1000):
        the_map = services.create_map(title=f"size {size}", created_by=user)
        build_tree(the_map, size)
        client.force_login(user)
        root = Claim.objects.filter(map=the_map).order_by("pk").first()
        counts[size] = (
            count_queries(client, "get", the_map.get_absolute_url()),
            count_queries(client, "get", url("claim", the_map, root.pk)),
            count_queries(
                client,
                "post",
                url("claim-add-argument", the_map, root.pk),
                {"kind": "support", "text": "New"},
            ),
        )
    assert counts[10] == counts[1000]


def test_authors_edit_their_own_annotations_in_place(editor, map_, central, user):
    note = services.annotate(target=central, author=user, body="Se the vote.")
    page = editor.get(url("claim", map_, central.pk)).content.decode()
    assert url("annotation-edit", map_, note.pk) in page  # the Edit form is offered
    html = editor.post(
        url("annotation-edit", map_, note.pk),
        {"kind": "evidence", "body": "See the **vote**.", "url": "", "version": 1},
        **HTMX,
    ).content.decode()
    assert "See the <strong>vote</strong>." in html and "edited" in html
    note.refresh_from_db()
    assert (note.body, note.kind, note.version) == ("See the **vote**.", "evidence", 2)
    blank = editor.post(
        url("annotation-edit", map_, note.pk),
        {"kind": "note", "body": " ", "url": "", "version": 2},
        **HTMX,
    )
    assert blank.status_code == 422 and "This field is required." in blank.content.decode()
    stale = editor.post(
        url("annotation-edit", map_, note.pk),
        {"kind": "note", "body": "Mine, late", "url": "", "version": 1},
        **HTMX,
    )
    text = stale.content.decode()
    assert stale.status_code == 409 and "It now reads: “See the **vote**.”" in text
    assert "Mine, late" in text and 'name="version" value="2"' in text  # save again knowingly
    assert Annotation.objects.get().body == "See the **vote**."


def test_editors_may_remove_but_not_reword_the_notes_of_others(client, map_, central, user):
    commenter = UserFactory(username="analyst")
    MembershipFactory(map=map_, user=commenter, role="commenter")
    note = services.annotate(target=central, author=commenter, body="Theirs")
    client.force_login(user)  # the owner
    page = client.get(url("claim", map_, central.pk)).content.decode()
    assert url("annotation-edit", map_, note.pk) not in page
    assert url("annotation-delete", map_, note.pk) in page
    response = client.post(
        url("annotation-edit", map_, note.pk),
        {"kind": "note", "body": "Owner's", "url": "", "version": 1},
    )
    assert response.status_code == 403
    assert Annotation.objects.get().body == "Theirs"


def test_the_graph_view_gets_the_detail_pane_without_an_outline(editor, map_, central):
    """The graph view has no outline to refresh; it draws the map again itself."""
    data = {"kind": "support", "text": "They distract."}
    in_workspace = editor.post(url("claim-add-argument", map_, central.pk), data, **HTMX)
    assert 'id="fragments" hx-swap-oob' in in_workspace.content.decode()
    in_graph = editor.post(
        url("claim-add-argument", map_, central.pk),
        {**data, "text": "Marks fall."},
        HTTP_X_ARGMAP_PANE="graph",
        **HTMX,
    )
    html = in_graph.content.decode()
    assert in_graph.status_code == 200 and "Marks fall." in html
    assert "outline-pane" not in html and 'id="fragments"' not in html


def test_a_restore_says_it_restored_or_why_not(editor, map_, central, reason):
    refused = editor.post(url("argument-restore", map_, reason.pk), **HTMX)
    assert (
        refused.status_code == 422 and "This argument is not deleted." in refused.content.decode()
    )
    services.delete_claim(claim=central)
    restored = editor.post(url("claim-restore", map_, central.pk), **HTMX)
    assert restored.status_code == 200 and "Restored." in restored.content.decode()
    assert Claim.objects.get(pk=central.pk).deleted_at is None
