"""Work in proportion to the change: a read loads what it shows, a write answers with the
fragments it changed, and the evaluation is computed once per state of the map."""

from unittest import mock

import pytest
from django.urls import reverse

from argmap.maps import evaluation_cache, selectors, services
from argmap.maps.models import Claim, Map

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, map_: Map, *args: int) -> str:
    return reverse(f"maps:{name}", args=[map_.slug, *args])


@pytest.fixture
def editor(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def spy_graph():
    """map_graph, watched: how often a request reads the whole map."""
    with mock.patch.object(selectors, "map_graph", wraps=selectors.map_graph) as spy:
        yield spy


def test_details_read_the_claim_and_its_neighbours_not_the_map(
    editor, map_, central, reason, spy_graph
):
    premise = reason.premises.get()
    objection = services.add_rebuttal(
        claim=central, premises=["Emergencies."], author=map_.created_by
    )
    html = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
    assert "Central claim" in html and "They distract." in html and "Emergencies." in html
    html = editor.get(url("claim", map_, premise.pk), **HTMX).content.decode()
    assert "Used as a premise in" in html and "Phones should be banned." in html
    html = editor.get(url("argument", map_, objection.pk), **HTMX).content.decode()
    assert "Emergencies." in html and "Phones should be banned." in html
    assert spy_graph.call_count == 0
    editor.get(url("claim", map_, central.pk))  # the full page shows the outline: it reads the map
    assert spy_graph.call_count == 1


def test_details_say_how_a_claim_stands_in_the_map(editor, map_, central, user):
    html = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
    assert "Central claim" in html  # the only claim
    loose = services.add_claim(map=map_, text="A loose claim", author=user)
    html = editor.get(url("claim", map_, loose.pk), **HTMX).content.decode()
    assert "Claim, not linked yet" in html


def test_an_argument_whose_premises_are_all_deleted_is_not_shown(editor, map_, central, reason):
    services.delete_claim(claim=reason.premises.get())
    html = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
    assert "They distract." not in html and "No reasons yet." in html
    html = editor.get(url("argument", map_, reason.pk), **HTMX).content.decode()
    assert "was deleted" in html or "is not in the map" in html


def test_evaluation_is_computed_once_per_state_of_the_map(editor, map_, central, reason, user):
    evaluation_cache.clear()
    editor.post(url("evaluate", map_), {"mode": "mine"})
    with mock.patch.object(
        evaluation_cache, "evaluate_map", wraps=evaluation_cache.evaluate_map
    ) as spy:
        for _ in range(3):
            html = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
            assert 'class="eval eval-in"' in html
        editor.get(map_.get_absolute_url())
        assert spy.call_count == 1
        premise = reason.premises.get()
        services.judge_claim(claim=premise, user=user, status="rejected", base_score=0.5)
        html = editor.get(url("claim", map_, premise.pk), **HTMX).content.decode()
        assert 'class="eval eval-out"' in html and spy.call_count == 2
        services.add_rebuttal(claim=premise, premises=["Not in class."], author=user)
        editor.get(url("claim", map_, central.pk), **HTMX)
        assert spy.call_count == 3
    editor.post(url("evaluate", map_), {"mode": ""})
    with mock.patch.object(evaluation_cache, "evaluate_map") as spy:
        editor.get(map_.get_absolute_url())
        editor.get(url("claim", map_, central.pk), **HTMX)
    assert spy.call_count == 0  # switched off: never computed


def test_the_claims_of_another_map_are_not_named(editor, map_, central, user):
    other = services.create_map(title="Other", created_by=user)
    services.add_claim(map=other, text="Elsewhere", author=user)
    assert Claim.objects.count() == 2
    html = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
    assert "Central claim" in html and "Elsewhere" not in html


def fragments_of(html: str) -> str:
    """The out-of-band part of a write's answer."""
    assert html.count('id="fragments" hx-swap-oob="innerHTML"') == 1, html[:500]
    return html[html.index('id="fragments"') :]


def test_a_reason_answers_with_the_pieces_it_changed_not_the_outline(
    editor, map_, central, reason, user, spy_graph
):
    other = services.add_claim(map=map_, text="Homework should go.", author=user)
    response = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "text": "Marks rise."},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="outline-pane"' not in html
    pieces = fragments_of(html)
    # The central claim's card, the new reason to put into its group (not the group again: the
    # page has the old reason), and the counts.
    assert f'data-fragment="claim-{central.pk}"' in pieces
    assert f'data-fragment="arguments-of-{central.pk}"' not in pieces
    added = pieces[pieces.index(f'data-fragment-add="arguments-of-{central.pk}"') :]
    added = added[: added.index("</ul>\n")]
    assert "Marks rise." in added and "They distract." not in added
    assert "· 4 claims, 2 arguments" in pieces
    assert "Homework should go." not in pieces and f"claim-{other.pk}" not in pieces
    assert spy_graph.call_count == 0


def from_its_form(claim: Claim) -> dict[str, str]:
    """An htmx request sent by the claim's own "Add a reason or an objection" form."""
    return {**HTMX, "HTTP_HX_TRIGGER": f"add-argument-form-{claim.pk}"}


def test_a_reason_to_a_claim_with_reasons_sends_the_new_one_not_the_pane(
    editor, map_, central, reason
):
    response = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "text": "Marks rise."},
        **from_its_form(central),
    )
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Reswap"] == "none"
    assert "data-selected-claim" not in html and "They distract." not in html  # not the pane
    # The new reason at the end of the pane's list, the list's count, the form empty and closed.
    new = Claim.objects.get(text="Marks rise.")
    added = html[html.index(f'hx-swap-oob="beforeend:#reasons-of-{central.pk} > ul"') :]
    added = added[: added.index("</ul>")]
    assert f'href="/maps/{map_.slug}/claims/{new.pk}/"' in added and "Marks rise." in added
    assert (
        f'<span class="count" id="reasons-count-{central.pk}" hx-swap-oob="true">2</span>' in html
    )
    assert f'id="objections-count-{central.pk}"' not in html  # unchanged
    form = html[html.index(f'<details class="add-argument" id="add-argument-{central.pk}"') :]
    form = form[: form.index("</details>")]
    assert form.index('hx-swap-oob="true">') < form.index("<summary>")  # closed, no "open"
    assert '<textarea id="argument-text" name="text"' in form and "Marks rise." not in form
    assert response["X-Argmap-Made"] == str(new.pk)
    assert 'id="undo-toolbar"' in html and "Undo: added a reason" in html
    fragments_of(html)  # and the outline's pieces
    # The ids it swaps are those of the pane it leaves in place.
    pane = editor.get(url("claim", map_, central.pk), **HTMX).content.decode()
    for id in (f"reasons-of-{central.pk}", f"reasons-count-{central.pk}"):
        assert f'id="{id}"' in pane
    assert pane.count('<li class="reason">') == 2
    assert f'<span class="count" id="reasons-count-{central.pk}">2</span>' in pane


def test_a_first_reason_or_objection_draws_the_pane_again(editor, map_, central, reason, user):
    """Its empty state goes; a claim's first argument also changes what the pane calls it."""
    html = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "attack", "text": "Emergencies."},
        **from_its_form(central),
    )
    assert (
        "HX-Reswap" not in html and f'data-selected-claim="{central.pk}"' in html.content.decode()
    )
    assert "No objections yet." not in html.content.decode()
    lone = services.add_claim(map=map_, text="Homework should go.", author=user)
    html = editor.post(
        url("claim-add-argument", map_, lone.pk),
        {"kind": "support", "text": "It tires."},
        **from_its_form(lone),
    ).content.decode()
    assert '<p class="kind-label">Central claim</p>' in html and "not linked yet" not in html


def test_from_elsewhere_or_with_evaluate_on_a_reason_draws_the_pane_again(
    editor, map_, central, reason
):
    """The graph's panel (its drag-to-link posts the same form), a request from outside the
    claim's pane (which may show another claim), and Evaluate on (labels move) get the pane."""
    data = {"kind": "support", "text": "Marks rise."}
    for headers in (
        {**from_its_form(central), "HTTP_X_ARGMAP_PANE": "graph"},
        HTMX,
        from_its_form(reason.premises.get()),  # another claim's form
    ):
        html = editor.post(url("claim-add-argument", map_, central.pk), data, **headers)
        assert "HX-Reswap" not in html, headers
        assert f'data-selected-claim="{central.pk}"' in html.content.decode()
    editor.post(url("evaluate", map_), {"mode": "mine"})  # labels move in the pane
    html = editor.post(url("claim-add-argument", map_, central.pk), data, **from_its_form(central))
    assert "HX-Reswap" not in html
    assert f'data-selected-claim="{central.pk}"' in html.content.decode()


def test_an_edit_swaps_the_claims_card_wherever_it_is(editor, map_, central, reason, spy_graph):
    premise = reason.premises.get()
    html = editor.post(
        url("claim-edit", map_, premise.pk), {"text": "Phones distract.", "version": 1}, **HTMX
    ).content.decode()
    pieces = fragments_of(html)
    card = pieces[pieces.index(f'data-fragment="claim-{premise.pk}"') :]
    assert card.index("Phones distract.") < card.index("</div>")
    assert spy_graph.call_count == 0


def test_delete_and_undo_answer_with_the_group_that_lost_and_regained_it(
    editor, map_, central, reason
):
    premise = reason.premises.get()
    deleted = fragments_of(
        editor.post(url("claim-delete", map_, premise.pk), **HTMX).content.decode()
    )
    group = deleted[deleted.index(f'data-fragment="arguments-of-{central.pk}"') :]
    assert group.startswith(f'data-fragment="arguments-of-{central.pk}"></ul>')  # now empty
    assert "· 1 claim, 0 arguments" in deleted
    restored = fragments_of(
        editor.post(url("claim-restore", map_, premise.pk), **HTMX).content.decode()
    )
    start = restored.index(f'data-fragment="arguments-of-{central.pk}"')
    assert "They distract." in restored[start : restored.index('data-fragment="roots"')]
    assert "· 2 claims, 1 argument" in restored


def test_a_new_central_claim_joins_the_central_claims(editor, map_, central):
    html = editor.post(url("claim-create", map_), {"text": "Homework should go."}, **HTMX)
    pieces = fragments_of(html.content.decode())
    new = Claim.objects.get(text="Homework should go.")
    roots = pieces[pieces.index('data-fragment="roots"') :]
    # Without reasons or objections it is not linked yet (as its details say), until it has one.
    assert f'data-claim-id="{new.pk}"' in roots and "Not linked yet" in roots
    assert "Central claim" not in roots
    assert f'data-claim-id="{central.pk}"' not in roots
    assert html["X-Argmap-Made"] == str(new.pk)  # the page focuses it
    html = editor.post(
        url("claim-add-argument", map_, new.pk), {"kind": "support", "text": "It tires."}, **HTMX
    )
    card = fragments_of(html.content.decode()).split(f'data-fragment="claim-{new.pk}"')[1]
    assert "Central claim" in card.split("</div>")[0]
    assert html["X-Argmap-Made"] == str(Claim.objects.get(text="It tires.").pk)


def test_with_evaluate_on_a_write_redraws_the_labels(editor, map_, central, reason):
    editor.post(url("evaluate", map_), {"mode": "mine"})
    html = editor.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "attack", "text": "Emergencies."},
        **HTMX,
    ).content.decode()
    assert 'id="outline-pane" hx-swap-oob="innerHTML"' in html and "eval-label" in html


def test_every_click_but_the_page_does_the_same_work_for_10_and_1000_claims(client, user):
    """The query count is constant, and no click but the page reads the whole map's graph."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from argmap.maps.models import Argument
    from tests.factories import build_tree

    client.force_login(user)
    counts = {}
    for size in (10, 1000):
        the_map = services.create_map(title=f"size {size}", created_by=user)
        build_tree(the_map, size)
        root, leaf = (
            Claim.objects.filter(map=the_map).order_by("pk").first(),
            Claim.objects.filter(map=the_map).order_by("pk").last(),
        )
        inner = Argument.objects.filter(map=the_map).order_by("-conclusion_id").first().conclusion
        clicks = [
            ("get", url("claim", the_map, leaf.pk), {}),
            ("get", url("argument", the_map, Argument.objects.filter(map=the_map).last().pk), {}),
            ("post", url("claim-add-argument", the_map, root.pk), {"kind": "support", "text": "N"}),
            ("post", url("claim-edit", the_map, leaf.pk), {"text": "Edited", "version": 1}),
            ("post", url("claim-delete", the_map, leaf.pk), {}),
            ("post", url("claim-restore", the_map, leaf.pk), {}),
            ("get", url("claim-branch", the_map, inner.pk), {}),
        ]
        counts[size] = []
        with mock.patch.object(selectors, "map_graph", wraps=selectors.map_graph) as spy:
            for method, path, data in clicks:
                with CaptureQueriesContext(connection) as ctx:
                    response = getattr(client, method)(path, data, **HTMX)
                assert response.status_code == 200, (path, response.content[:300])
                counts[size].append(len(ctx.captured_queries))
        assert spy.call_count == 0
    assert counts[10] == counts[1000]
