"""One rule for each column, whichever door a value comes through: parsers pass values as the
file gives them and the model's validation refuses what does not fit (nothing is cut to fit);
the database refuses invisible-only text as ``is_blank()`` does; the import page's preview
refuses what "Create the map" would."""

import json
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from argmap.maps import services
from argmap.maps.blank import INVISIBLE_RANGES, is_blank
from argmap.maps.models import Annotation, Claim, Map

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
INVISIBLE = "\u200b\ufeff\u2060 \u200b"


def nothing_written() -> bool:
    return not Map.objects.exists() and not Claim.objects.exists()


def aif(*, surname: str = "Lopez", scheme: str = "Default Inference") -> bytes:
    nodes = [
        {"nodeID": 1, "type": "I", "text": "Phones should be banned"},
        {"nodeID": 2, "type": "I", "text": "Phones distract pupils"},
        {"nodeID": 10, "type": "RA", "text": "Default Inference", "scheme": scheme},
        {"nodeID": 16, "type": "L", "text": "Ana : Phones distract pupils"},
        {"nodeID": 17, "type": "YA", "text": "Asserting"},
    ]
    edges = [
        {"fromID": 2, "toID": 10},
        {"fromID": 10, "toID": 1},
        {"fromID": 16, "toID": 17},
        {"fromID": 17, "toID": 2},
    ]
    edges = [{"edgeID": i, **e} for i, e in enumerate(edges, 1)]
    return json.dumps(
        {
            "nodes": nodes,
            "edges": edges,
            "locutions": [{"nodeID": 16, "personID": 7}],
            "participants": [{"participantID": 7, "firstname": "Ana", "surname": surname}],
        }
    ).encode()


def imported(api, filename: str, data: bytes):
    upload = SimpleUploadedFile(filename, data)
    return api.post("/api/maps/import/", {"file": upload}, format="multipart")


# --- nothing cut to fit ----------------------------------------------------------------------


def test_an_aif_speaker_over_the_limit_is_refused_with_its_node(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task worker's part, at once
        response = imported(api, "ok.json", aif(surname="L" * 196))  # 200 with "Ana "
    assert response.status_code == 202
    assert Claim.objects.get(text="Phones distract pupils").speaker == "Ana " + "L" * 196
    Map.objects.all().delete()
    response = imported(api, "long.json", aif(surname="L" * 197))
    assert response.status_code == 400
    assert response.json()["file"] == [
        "long.json: Claim at node 2: speaker: Ensure this value has at most 200 characters "
        "(it has 201)."
    ]
    assert nothing_written()


def test_an_aif_scheme_over_the_limit_is_refused_with_its_node(api):
    response = imported(api, "scheme.json", aif(scheme="S" * 101))
    assert response.status_code == 400
    assert response.json()["file"] == [
        "scheme.json: Argument at node 10: scheme: Ensure this value has at most 100 characters "
        "(it has 101)."
    ]
    assert nothing_written()


def test_an_argdown_heading_tag_over_the_limit_is_refused_with_the_claim(api):
    data = f"# {'H' * 51}\n\n[Ban]: Ban phones.\n  + Phones distract.\n".encode()
    response = imported(api, "tags.argdown", data)
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert message.startswith("tags.argdown: Claim at line ")  # a claim under the heading
    assert "tags: Item 1 in the array did not validate" in message
    assert "at most 50 characters (it has 51)" in message
    assert nothing_written()


def test_an_argdown_inference_rule_over_the_limit_is_refused_with_the_argument(api):
    data = ("<Why>\n\n(1) Phones distract.\n-- " + "R" * 101 + " --\n(2) Ban phones.\n").encode()
    response = imported(api, "rule.argdown", data)
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert message.startswith("rule.argdown: Argument at line")
    assert "scheme: Ensure this value has at most 100 characters (it has 101)." in message
    assert nothing_written()


def test_a_tag_over_the_limit_is_refused_by_the_services_and_the_page(site, map_, user):
    claim = services.add_claim(map=map_, text="Phones distract.", author=user)
    with pytest.raises(ValidationError) as caught:
        services.update_claim(claim=claim, version=1, tags=["t" * 51], actor=user)
    assert "at most 50 characters" in str(caught.value)
    url = reverse("maps:claim-edit", kwargs={"slug": map_.slug, "pk": claim.pk})
    data = {"text": "Phones distract.", "speaker": "", "tags": "t" * 51, "version": 1}
    response = site.post(url, data, **HTMX)
    assert response.status_code == 422
    assert "at most 50 characters (it has 51)" in response.content.decode()
    claim.refresh_from_db()
    assert claim.tags == []


# --- the database agrees with is_blank() -----------------------------------------------------


def test_the_invisible_table_is_unicodes_invisible_categories():
    table = {c for a, b in INVISIBLE_RANGES for c in range(a, b + 1)}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        category = unicodedata.category(chr(code))
        if category in {"Zs", "Zl", "Zp", "Cc", "Cf"} or chr(code).isspace():
            assert code in table, hex(code)
    assert is_blank(INVISIBLE) and is_blank("\ud800") and not is_blank("\u200ba")


@pytest.mark.parametrize("text", [INVISIBLE, "\u3164", "\u2800\u034f", "\U000e0020\ufe0f", " \n\t"])
def test_the_database_refuses_an_invisible_claim_written_around_the_model(map_, text):
    with pytest.raises(IntegrityError, match="claim_text_not_blank"), transaction.atomic():
        Claim.objects.create(map=map_, text=text)
    Claim.objects.create(map=map_, text=f"{text}a")  # one visible character is enough


def test_the_database_refuses_an_invisible_note_and_title_written_around_the_model(map_):
    claim = Claim.objects.create(map=map_, text="Phones distract.")
    with pytest.raises(IntegrityError, match="annotation_body_not_blank"), transaction.atomic():
        Annotation.objects.create(map=map_, claim=claim, body=INVISIBLE)
    with pytest.raises(IntegrityError, match="map_title_not_blank"), transaction.atomic():
        Map.objects.create(slug="invisible", title=INVISIBLE)


# --- the map's title -------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", INVISIBLE])
def test_a_blank_title_is_refused_by_the_service_api_page_and_import(api, site, user, title):
    with pytest.raises(ValidationError) as caught:
        services.create_map(title=title, created_by=user)
    message = "A map needs a title." if title else "This field cannot be blank."
    assert caught.value.message_dict == {"title": [message]}
    response = api.post("/api/maps/", {"title": title}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    response = site.post(reverse("maps:create"), {"title": title, "visibility": "private"}, **HTMX)
    assert response.status_code == 422
    data = b"Discussion Title: Phones\n\n1. Ban phones.\n1.1. Pro: Phones distract.\n"
    if title:  # a blank title given falls back to the file's, an invisible one is refused
        upload = SimpleUploadedFile("t.txt", data)
        response = api.post(
            "/api/maps/import/", {"file": upload, "title": title}, format="multipart"
        )
        assert response.status_code == 400
        assert response.json()["file"] == [
            "t.txt: the map's title: A map needs a title. Give another title."
        ]
    assert nothing_written()


def test_a_blank_title_edit_is_refused(api, map_):
    response = api.patch(
        f"/api/maps/{map_.slug}/", {"title": INVISIBLE, "version": map_.version}, format="json"
    )
    assert response.status_code == 400
    map_.refresh_from_db()
    assert map_.title != INVISIBLE


# --- the page import's preview ----------------------------------------------------------------


def test_the_preview_refuses_an_over_long_scheme(site):
    upload = SimpleUploadedFile("scheme.json", aif(scheme="S" * 101))
    response = site.post(reverse("maps:import"), {"file": upload, "format": "auto"}, **HTMX)
    assert response.status_code == 422
    assert "scheme.json: Argument at node 10: scheme: Ensure this value has at most 100" in (
        response.content.decode()
    )
    assert "map-import" not in site.session and nothing_written()


def test_the_preview_refuses_an_invisible_title_given(site):
    upload = SimpleUploadedFile("ok.json", aif())
    data = {"file": upload, "format": "auto", "title": INVISIBLE}
    response = site.post(reverse("maps:import"), data, **HTMX)
    assert response.status_code == 422
    assert "ok.json: the map&#x27;s title: A map needs a title." in response.content.decode()
    assert "map-import" not in site.session and nothing_written()


def test_create_checks_the_title_again_and_keeps_the_upload_for_another(
    site, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("ok.json", aif())
    site.post(reverse("maps:import"), {"file": upload, "format": "auto"})
    token = site.session["map-import"]["token"]
    response = site.post(reverse("maps:import"), {"token": token, "title": INVISIBLE}, **HTMX)
    assert response.status_code == 422
    assert "A map needs a title." in response.content.decode()
    assert "Create the map" in response.content.decode()  # the preview, to give another title
    assert nothing_written()
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once committed
        response = site.post(reverse("maps:import"), {"token": token, "title": "Phones"})
    assert response.status_code == 302 and Map.objects.get().title == "Phones"
    assert Claim.objects.count() == 2
