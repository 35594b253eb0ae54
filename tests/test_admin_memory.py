"""The admin on a document of 5,000 passages: every page and the deletion in bounded memory.

Deleting a 4,022-passage document once grew the server from 4.6 GB to 16 GB: the confirmation
page named every passage, and each passage's name loaded its source's whole text.
"""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Claim, DocumentImport, Map
from argmap.sources.models import Passage, Source
from tests.factories import big_document, build_tree

pytestmark = pytest.mark.django_db

PASSAGES = 5_000


def peak_bytes(request) -> tuple[object, int]:
    """The response and the peak of memory allocated while the admin answered it."""
    tracemalloc.start()
    try:
        response = request()
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="admin", password="x"))
    client.get("/admin/")  # templates and caches warmed, not counted
    return client


@pytest.fixture
def document():
    return big_document(PASSAGES)


def bound(source: Source) -> int:
    """A page may hold the document a few times over, never once per passage."""
    return 10 * len(source.body) + 8_000_000


def test_every_admin_page_of_a_large_document_stays_in_bounded_memory(admin_client, document):
    pages = [
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[document.pk]),
        reverse("admin:sources_passage_changelist") + f"?source__id__exact={document.pk}",
        reverse("admin:sources_passage_change", args=[document.passages.last().pk]),
        reverse("admin:sources_source_import"),
        reverse("admin:sources_source_delete", args=[document.pk]),
    ]
    for url in pages:
        response, peak = peak_bytes(lambda url=url: admin_client.get(url))
        assert response.status_code == 200, url
        assert peak < bound(document), (url, peak)
    change = admin_client.get(pages[1]).content.decode()
    assert f"{PASSAGES:,} passages" in change  # a link to them, not 5,000 rows on the page


def test_the_import_page_imports_a_large_document_in_bounded_memory(
    admin_client, django_capture_on_commit_callbacks
):
    """The import holds the file, the parsed document and its rows: a few times the file (the
    task worker's part is run here, in the same process, at the commit)."""
    heading = "Statement on a long subject\n\nNew York, 4 April 2024\n\nThank you, Madam President."
    paragraphs = (" ".join(f"word{i}-{w}" for w in range(30)) + "." for i in range(PASSAGES))
    data = "\n\n".join([heading, *paragraphs, "I thank you."]).encode()
    upload = SimpleUploadedFile("long.txt", data, content_type="text/plain")
    url = reverse("admin:sources_source_import")

    def post_and_import():
        preview = admin_client.post(url, {"file": upload, "kind": "statement"})
        assert preview.status_code == 200, preview.content.decode()[:300]
        token = DocumentImport.objects.get(state="waiting").token
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(url, {"token": token})

    response, peak = peak_bytes(post_and_import)
    assert response.status_code == 302
    assert Passage.objects.count() > PASSAGES
    assert peak < 20 * len(data) + 8_000_000, peak


def test_the_admin_deletes_a_large_document_in_bounded_memory(admin_client, document):
    url = reverse("admin:sources_source_delete", args=[document.pk])
    confirm = admin_client.get(url).content.decode()
    assert f"With them: {PASSAGES:,} passages" in confirm
    assert confirm.count("/admin/sources/passage/") < 5  # counted, not listed
    response, peak = peak_bytes(lambda: admin_client.post(url, {"post": "yes"}))
    assert response.status_code == 302
    assert not Source.objects.exists() and not Passage.objects.exists()
    assert peak < bound(document), peak


def test_delete_selected_on_the_list_is_summarised_too(admin_client, document):
    url = reverse("admin:sources_source_changelist")
    form = {"action": "delete_selected", "_selected_action": [document.pk]}
    response, peak = peak_bytes(lambda: admin_client.post(url, form))
    assert f"{PASSAGES:,} passages" in response.content.decode()
    assert peak < bound(document), peak
    admin_client.post(url, {**form, "post": "yes"})
    assert not Source.objects.exists()


def test_claims_quoting_the_document_block_its_deletion_and_are_named(
    admin_client, map_, user, document
):
    services.attach_source(map=map_, source=document)
    passages = list(document.passages.order_by("position")[:25])
    Claim.objects.bulk_create(
        Claim(map=map_, text=f"Quote {i}", passage=p, span_start=0, span_end=4)
        for i, p in enumerate(passages)
    )
    url = reverse("admin:sources_source_delete", args=[document.pk])
    page = admin_client.get(url).content.decode()
    assert "Quote 0" in page and "Quote 19" in page and "Quote 24" not in page
    assert "and 5 more" in page
    admin_client.post(url, {"post": "yes"})
    assert Source.objects.filter(pk=document.pk).exists()  # nothing deleted


def test_the_admin_deletes_a_map_with_everything_in_it(admin_client, map_):
    build_tree(map_, 300)
    url = reverse("admin:maps_map_delete", args=[map_.pk])
    page = admin_client.get(url).content.decode()
    assert "300 claims" in page and "299 arguments" in page
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302 and not Map.objects.exists()
    assert not Claim.objects.exists()
