"""Hostile input through every door: the API's JSON bodies, the import page, the API import and
the import_map command refuse it with the place and write nothing; one limit and one notion of
"blank" for claim text, whichever door it comes through."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from argmap.maps import services
from argmap.maps.fields import CLAIM_TEXT_MAX_LENGTH
from argmap.maps.models import Annotation, Claim, Map

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TOO_LONG = "x" * (CLAIM_TEXT_MAX_LENGTH + 1)
INVISIBLE = "\u200b\ufeff\u2060 \u200b"  # zero-width space, BOM, word joiner


def nodeset(text: str) -> bytes:
    return ('{"nodes": [{"nodeID": 7, "type": "I", "text": "' + text + '"}], "edges": []}').encode()


def kialo(thesis: str) -> bytes:
    return f"Discussion Title: Phones\n\n1. {thesis}\n1.1. Pro: Phones distract.\n".encode()


def nothing_written() -> bool:
    return not Map.objects.exists() and not Claim.objects.exists()


# --- JSON bodies of the API -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/claims/", "/api/maps/", "/api/arguments/"])
def test_an_api_body_nested_5000_deep_is_a_400_with_the_place(api, path):
    body = '{"map": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == (
            "JSON parse error - the JSON is nested more than 200 levels deep (line 1, column 208)"  # {"map": is 8 characters
        )
    )


def test_an_api_body_with_nul_in_any_string_is_a_400_naming_the_field(api, map_):
    body = '{"map": "' + map_.slug + '", "text": "Phones", "tags": ["a\\u0000"]}'
    response = api.post("/api/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert "tags[0] contains a NUL character" in response.json()["detail"]
    assert not Claim.objects.exists()


# --- AIF files through every import door ------------------------------------------------------

HOSTILE_AIF = {
    "nul": (nodeset("Phones\\u0000distract"), "nodes[0].text contains a NUL character"),
    "surrogate": (nodeset("Phones \\ud800"), "nodes[0].text contains a lone surrogate"),
    "deep": (
        b'{"nodes": [], "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "line 1: the JSON is nested more than 200 levels deep at column 219",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_AIF)
def test_hostile_aif_through_the_api_import_is_a_400_and_writes_nothing(api, case):
    data, message = HOSTILE_AIF[case]
    upload = SimpleUploadedFile("bad.json", data)
    response = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert f"bad.json{'' if case == 'deep' else ':'}" in response.json()["file"][0]
    assert message in response.json()["file"][0]
    assert nothing_written()


@pytest.mark.parametrize("case", HOSTILE_AIF)
def test_hostile_aif_through_the_import_page_is_refused_and_writes_nothing(site, case):
    data, message = HOSTILE_AIF[case]
    upload = SimpleUploadedFile("bad.json", data)
    response = site.post(reverse("maps:import"), {"file": upload, "format": "auto"}, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("case", HOSTILE_AIF)
def test_hostile_aif_through_the_command_is_refused_and_writes_nothing(user, tmp_path, case):
    data, message = HOSTILE_AIF[case]
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command("import_map", str(path), owner=user.username, stdout=StringIO())
    assert str(caught.value).startswith("Nothing was imported.")
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert nothing_written()


# --- one limit for claim text ----------------------------------------------------------------


def test_a_claim_one_character_over_the_limit_is_refused_by_the_page(site, map_):
    url = reverse("maps:claim-create", kwargs={"slug": map_.slug})
    response = site.post(url, {"text": TOO_LONG}, **HTMX)
    assert response.status_code == 422
    assert f"at most {CLAIM_TEXT_MAX_LENGTH} characters" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_claim_one_character_over_the_limit_is_refused_by_the_api(api, map_):
    response = api.post("/api/claims/", {"map": map_.slug, "text": TOO_LONG}, format="json")
    assert response.status_code == 400
    assert f"no more than {CLAIM_TEXT_MAX_LENGTH} characters" in response.json()["text"][0]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("filename", "data", "where"),
    [
        ("long.json", nodeset(TOO_LONG), "Claim at node 7"),
        ("long.txt", kialo(TOO_LONG), "Claim at line 3"),
        ("long.argdown", f"[Ban]: {TOO_LONG}\n  + Phones distract.\n".encode(), "Claim at line 1"),
    ],
)
def test_a_claim_one_character_over_the_limit_is_refused_by_the_import(api, filename, data, where):
    upload = SimpleUploadedFile(filename, data)
    response = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == [
        f"{filename}: {where}: text: Ensure this value has at most {CLAIM_TEXT_MAX_LENGTH} "
        f"characters (it has {CLAIM_TEXT_MAX_LENGTH + 1})."
    ]
    assert nothing_written()


@pytest.mark.parametrize("text", [TOO_LONG, INVISIBLE], ids=["too-long", "invisible"])
def test_a_bad_claim_is_refused_by_the_import_page_preview_and_writes_nothing(site, text):
    upload = SimpleUploadedFile("bad.txt", kialo(text))
    response = site.post(reverse("maps:import"), {"file": upload, "format": "auto"}, **HTMX)
    assert response.status_code == 422  # the preview refuses it, before "Create the map"
    message = (
        "text: Ensure this value has at most" if text == TOO_LONG else "text: A claim needs some"
    )
    assert f"bad.txt: Claim at line 3: {message}" in response.content.decode()
    assert "map-import" not in site.session
    assert nothing_written()


def test_a_claim_at_the_limit_is_taken_by_every_door(
    api, site, map_, django_capture_on_commit_callbacks
):
    longest = "y" * CLAIM_TEXT_MAX_LENGTH
    url = reverse("maps:claim-create", kwargs={"slug": map_.slug})
    assert site.post(url, {"text": longest}).status_code == 302
    response = api.post("/api/claims/", {"map": map_.slug, "text": longest}, format="json")
    assert response.status_code == 201
    upload = SimpleUploadedFile("longest.txt", kialo(longest))
    with django_capture_on_commit_callbacks(execute=True):  # the task worker's part, at once
        response = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert response.status_code == 202
    assert Claim.objects.filter(text=longest).count() == 3


def test_the_page_form_and_the_api_take_the_limit_from_the_model():
    from argmap.api.inputs import ClaimCreate
    from argmap.maps.forms import ClaimForm

    model_limit = Claim._meta.get_field("text").max_length
    assert ClaimForm().fields["text"].max_length == model_limit == CLAIM_TEXT_MAX_LENGTH
    assert ClaimCreate().fields["text"].max_length == model_limit


# --- invisible text is blank -----------------------------------------------------------------


def test_a_claim_of_invisible_characters_is_refused_by_the_page(site, map_):
    url = reverse("maps:claim-create", kwargs={"slug": map_.slug})
    response = site.post(url, {"text": INVISIBLE}, **HTMX)
    assert response.status_code == 422
    assert "A claim needs some text." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_claim_of_invisible_characters_is_refused_by_the_api(api, map_):
    response = api.post("/api/claims/", {"map": map_.slug, "text": INVISIBLE}, format="json")
    assert response.status_code == 400
    assert response.json() == {"text": ["A claim needs some text."]}
    assert not Claim.objects.exists()


def test_a_claim_of_invisible_characters_is_refused_by_the_import(api):
    upload = SimpleUploadedFile("blank.txt", kialo(INVISIBLE))
    response = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == ["blank.txt: Claim at line 3: text: A claim needs some text."]
    assert nothing_written()


def test_an_edit_to_invisible_text_and_an_invisible_note_are_refused(api, map_, user):
    claim = services.add_claim(map=map_, text="Phones distract.", author=user)
    response = api.patch(
        f"/api/claims/{claim.pk}/", {"text": "\u2060\u200b", "version": 1}, format="json"
    )
    assert response.status_code == 400 and response.json() == {"text": ["A claim needs some text."]}
    response = api.post(
        "/api/annotations/", {"claim": claim.pk, "body": "\ufeff\u200b"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"body": ["Write something in the annotation."]}
    claim.refresh_from_db()
    assert claim.text == "Phones distract." and not Annotation.objects.exists()


def test_a_title_over_the_limit_is_refused_not_cut(api, django_capture_on_commit_callbacks):
    data = kialo("Ban phones.").replace(b"Phones", b"P" * 201, 1)
    upload = SimpleUploadedFile("title.txt", data)
    response = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == [
        "title.txt: the map's title: Ensure this value has at most 200 characters (it has 201). "
        "Give another title."
    ]
    assert nothing_written()
    upload = SimpleUploadedFile("title.txt", data)
    with django_capture_on_commit_callbacks(execute=True):  # the task worker's part, at once
        response = api.post(
            "/api/maps/import/", {"file": upload, "title": "Phones"}, format="multipart"
        )
    assert response.status_code == 202 and Map.objects.get().title == "Phones"
