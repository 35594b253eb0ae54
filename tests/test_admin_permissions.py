"""The admin asks the permissions module: a staff member who is not a superuser sees, in every
list, filter, choice and page, only what the maps they may read allow."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from argmap.accounts import services as account_services
from argmap.maps import services
from argmap.maps.models import Change, DocumentImport, Map
from argmap.sources.models import Source
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).parent / "documents"
SECRET = "Private plans of the coach"
SECRET_CLAIM = "Secret claim about the budget"
MAPS_MODELS = ["map", "membership", "claim", "argument", "annotation", "change", "judgement"]


@pytest.fixture
def clerk(db):
    """Staff, not a superuser, with the admin permissions the pages need."""
    clerk = UserFactory(username="clerk", is_staff=True)
    codenames = [f"view_{name}" for name in MAPS_MODELS]
    codenames += ["view_source", "add_source", "view_passage", "view_apitoken"]
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return clerk


@pytest.fixture
def maps(user, clerk):
    """A private map of someone else, one the clerk edits, one they view, and a public one."""
    secret = services.create_map(title=SECRET, created_by=user)
    claim = services.add_claim(map=secret, text=SECRET_CLAIM, author=user, speaker="Treasurer")
    other = services.add_claim(map=secret, text="Another secret", author=user)
    services.add_support(conclusion=claim, premises=[other], author=user)
    services.annotate(target=claim, author=user, body="Secret note")
    services.judge_claim(claim=claim, user=user, status="accepted", base_score=0.9)
    edited = services.create_map(title="Clerk's editable map", created_by=None)
    services.invite_member(map=edited, identifier="clerk", role="editor")
    services.add_claim(map=edited, text="An editable claim", author=clerk)
    viewed = services.create_map(title="Clerk's viewed map", created_by=None)
    services.invite_member(map=viewed, identifier="clerk", role="viewer")
    public = services.create_map(title="A public map", created_by=None, visibility="public")
    services.add_claim(map=public, text="A public claim", author=None)
    account_services.create_token(user=user, name="coach's secret script")
    return {"secret": secret, "edited": edited, "viewed": viewed, "public": public}


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.mark.parametrize("model", MAPS_MODELS)
def test_lists_and_their_filters_show_only_readable_maps(clerk_client, maps, model):
    response = clerk_client.get(reverse(f"admin:maps_{model}_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in html and SECRET_CLAIM not in html and "Treasurer" not in html


def test_the_map_filter_offers_the_readable_maps_only(clerk_client, maps):
    html = clerk_client.get(reverse("admin:maps_claim_changelist")).content.decode()
    assert "Clerk&#x27;s editable map" in html and "A public map" in html  # offered
    assert SECRET not in html
    # asking for the private map's rows by the filter's parameter shows none of them
    url = reverse("admin:maps_claim_changelist") + f"?map__id__exact={maps['secret'].pk}"
    assert SECRET_CLAIM not in clerk_client.get(url).content.decode()


def test_the_pages_of_rows_in_a_private_map_are_not_shown(clerk_client, maps):
    claim = maps["secret"].claims.get(text=SECRET_CLAIM)
    for url in [
        reverse("admin:maps_claim_change", args=[claim.pk]),
        reverse("admin:maps_claim_history", args=[claim.pk]),
        reverse("admin:maps_map_change", args=[maps["secret"].pk]),
    ]:
        response = clerk_client.get(url, follow=True)
        assert SECRET not in response.content.decode()
        assert SECRET_CLAIM not in response.content.decode()


def test_the_import_form_offers_only_the_maps_the_user_may_edit(clerk_client, maps):
    html = clerk_client.get(reverse("admin:sources_source_import")).content.decode()
    assert "Clerk&#x27;s editable map" in html
    assert SECRET not in html and "Clerk&#x27;s viewed map" not in html
    assert "A public map" not in html


def test_the_import_refuses_a_map_the_user_may_not_edit_and_writes_nothing(
    clerk_client, maps, django_capture_on_commit_callbacks
):
    path = next(DOCUMENTS.glob("hrc55-*.txt"))
    for refused in ("secret", "viewed", "public"):
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
        response = clerk_client.post(
            reverse("admin:sources_source_import"),
            {"file": upload, "kind": "draft-resolution", "map": maps[refused].pk},
        )
        assert response.status_code == 422 and "valid choice" in response.content.decode()
        assert not Source.objects.exists() and not maps[refused].sources.exists()
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    preview = clerk_client.post(
        reverse("admin:sources_source_import"),
        {"file": upload, "kind": "draft-resolution", "map": maps["edited"].pk},
    )  # how it reads, nothing written
    assert preview.status_code == 200 and not Source.objects.exists()
    token = DocumentImport.objects.get(state="waiting").token
    with django_capture_on_commit_callbacks(execute=True):  # the task worker's part, at once
        response = clerk_client.post(reverse("admin:sources_source_import"), {"token": token})
    assert response.status_code == 302
    assert list(maps["edited"].sources.all()) == list(Source.objects.all())
    attached = Change.objects.get(operation="map.attach_source")
    assert attached.actor.username == "clerk"


def test_api_tokens_of_other_people_are_not_listed(clerk_client, clerk, maps):
    account_services.create_token(user=clerk, name="clerk's script")
    html = clerk_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "clerk&#x27;s script" in html and "coach&#x27;s secret script" not in html


def test_a_superuser_sees_every_map(client, django_user_model, maps):
    client.force_login(django_user_model.objects.create_superuser(username="root", password="x"))
    assert SECRET in client.get(reverse("admin:maps_claim_changelist")).content.decode()
    assert SECRET in client.get(reverse("admin:sources_source_import")).content.decode()
    assert Map.objects.count() == 4


def test_autocomplete_reveals_no_private_map(clerk_client, maps):
    for model, field in [("claim", "map"), ("membership", "map"), ("claim", "passage")]:
        response = clerk_client.get(
            "/admin/autocomplete/",
            {"term": "Private", "app_label": "maps", "model_name": model, "field_name": field},
        )
        assert response.status_code in (200, 403) and SECRET not in response.content.decode()
