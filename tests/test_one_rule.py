"""One rule in one place: the pages and the API refuse the same things the same way, and a stale
version is a conflict (409) everywhere, never a silent overwrite."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim, Map
from argmap.sources.models import Passage, Source

from .factories import UserFactory, api_as

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(client, map_, user):
    client.force_login(user)
    return client


def url(name: str, map_: Map, *args: object) -> str:
    return reverse(f"maps:{name}", args=[map_.slug, *args])


def test_restoring_an_old_version_over_a_newer_edit_is_a_conflict(editor, map_, user, central):
    services.update_claim(claim=central, version=1, text="Phones must go.", actor=user)
    page = editor.get(url("claim-history", map_, central.pk)).content.decode()
    assert 'name="version" value="2"' in page  # the version the user sees
    first = Change.objects.get(object_id=central.pk, operation="claim.create")
    services.update_claim(claim=central, version=2, text="Someone else's words.", actor=user)
    answer = editor.post(url("claim-restore-version", map_, central.pk, first.pk), {"version": 2})
    assert answer.status_code == 409
    assert "changed by someone else" in answer.content.decode()
    assert Claim.objects.get(pk=central.pk).text == "Someone else's words."
    fresh = editor.post(url("claim-restore-version", map_, central.pk, first.pk), {"version": 3})
    assert fresh.status_code == 302
    assert Claim.objects.get(pk=central.pk).text == "Phones should be banned."


@pytest.mark.parametrize("htmx", [HTMX, {}])
def test_a_stale_co_premise_or_move_is_a_409_on_the_pages(editor, map_, user, reason, htmx):
    other = services.add_claim(map=map_, text="Another claim.", author=user)
    added = editor.post(
        url("argument-add-premise", map_, reason.pk), {"text": "Late", "version": 9}, **htmx
    )
    assert added.status_code == 409 and "changed by someone else" in added.content.decode()
    moved = editor.post(
        url("argument-move", map_, reason.pk), {"claim": other.pk, "version": 9}, **htmx
    )
    assert moved.status_code == 409 and "changed by someone else" in moved.content.decode()
    assert Argument.objects.get(pk=reason.pk).conclusion_id == reason.conclusion_id
    assert not Claim.objects.filter(text="Late").exists()


@pytest.fixture
def foreign_passage(db):
    """A passage of a document attached to another map only."""
    body = "Decides to establish a committee."
    source = Source.objects.create(
        slug="l11", kind="draft-resolution", title="Draft", body=body, sha256="l11"
    )
    owner = UserFactory(username="elsewhere")
    services.attach_source(map=services.create_map(title="Other", created_by=owner), source=source)
    return Passage.objects.create(
        source=source, position=0, label="OP2", kind="operative", text=body, start=0, end=len(body)
    )


def test_a_passage_of_another_map_is_refused_by_the_page_as_by_the_api(
    editor, map_, user, foreign_passage
):
    own = Source.objects.create(slug="own", kind="other", title="Own", body="Own.", sha256="own")
    services.attach_source(map=map_, source=own)  # so the page has a selection form to show
    data = {"text": "A committee.", "passage": foreign_passage.pk, "span_start": 0, "span_end": 7}
    page = editor.post(url("claim-create", map_), data, **HTMX)
    assert page.status_code == 422
    assert "which is not a source of this map" in page.content.decode()
    api = api_as(user).post(
        "/api/claims/",
        {"map": map_.slug, "text": "A committee.", "source": "l11", "passage": "OP2"},
        format="json",
    )
    assert api.status_code == 400 and "not a source of this map" in api.json()["passage"][0]
    missing = editor.post(url("claim-create", map_), {**data, "passage": 999999}, **HTMX)
    assert missing.status_code == 422 and "no such passage" in missing.content.decode()
    assert not Claim.objects.filter(text="A committee.").exists()


def test_only_a_reason_names_a_scheme_in_the_service(map_, user, central, reason):
    with pytest.raises(ValidationError) as error:
        services.add_rebuttal(claim=central, premises=["No."], author=user, scheme="Analogy")
    assert error.value.message_dict == {"scheme": ["Only a reason (support) names a scheme."]}
    with pytest.raises(ValidationError):
        services.add_undercut(argument=reason, premises=["No."], author=user, scheme="Analogy")
    answer = api_as(user).post(
        "/api/arguments/",
        {
            "map": map_.slug,
            "kind": "attack",
            "target": reason.pk,
            "premises": [{"text": "No."}],
            "scheme": "X",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {"scheme": ["Only a reason (support) names a scheme."]}


@pytest.mark.parametrize(
    ("source", "message"),
    [("", "This field is required."), ("two", "Enter a whole number."), ("999999", "no such")],
)
def test_attaching_a_source_refuses_bad_input_with_a_422(editor, map_, source, message):
    for htmx in (HTMX, {}):
        answer = editor.post(url("attach-source", map_), {"source": source}, **htmx)
        assert answer.status_code == 422 and message in answer.content.decode()
    assert not map_.sources.exists()
