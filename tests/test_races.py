"""Many requests at once against the live server: never a 500, nothing lost, nothing doubled."""

import json
import secrets
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from argmap.accounts.services import create_token
from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim, Judgement, Map, Membership

from .factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(count: int, request: Callable[[], tuple[int, str]]) -> list[tuple[int, str]]:
    """Send ``count`` requests from as many threads, released together."""
    start, answers = threading.Barrier(count), []
    lock = threading.Lock()

    def one() -> None:
        start.wait()
        answer = request()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def send(url: str, method: str, headers: dict[str, str], body: bytes | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def api(live_server, token: str, method: str, path: str, data: dict | None = None):
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    body = json.dumps(data).encode() if data is not None else None
    return send(f"{live_server.url}{path}", method, headers, body)


def logged_in(user) -> dict[str, str]:
    """Headers of an htmx form post from ``user``'s browser session."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # a CSRF secret of our own, sent as cookie and header
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
    }


@pytest.fixture
def editor_token(db):
    user = UserFactory(username="racer")
    return user, create_token(user=user, name="races")[1]


def test_twenty_maps_with_one_title_are_all_created(live_server, editor_token):
    user, token = editor_token
    answers = at_once(
        20, lambda: api(live_server, token, "POST", "/api/maps/", {"title": "Phones in class"})
    )
    assert sorted(status for status, _ in answers) == [201] * 20, answers
    slugs = {json.loads(body)["slug"] for _, body in answers}
    assert len(slugs) == 20 and "phones-in-class" in slugs
    assert Membership.objects.filter(user=user, role="owner").count() == 20
    assert Map.objects.filter(slug__startswith="phones-in-class").count() == 20


def test_a_judgement_submitted_many_times_at_once_is_one_row(live_server, editor_token):
    user, _ = editor_token
    map = services.create_map(title="Judged", created_by=user)
    claim = services.add_claim(map=map, text="Leaf", author=user)
    headers = logged_in(user)
    url = f"{live_server.url}/maps/{map.slug}/claims/{claim.pk}/judge/"
    answers = at_once(10, lambda: send(url, "POST", headers, b"status=rejected&base_score=0.25"))
    assert [status for status, _ in answers] == [200] * 10, answers
    judgement = Judgement.objects.get(claim=claim)
    assert (judgement.status, judgement.base_score) == ("rejected", 0.25)


@pytest.fixture
def claim_with_three_arguments(editor_token):
    user, token = editor_token
    map = services.create_map(title="Contested", created_by=user)
    claim = services.add_claim(map=map, text="Phones distract pupils.", author=user)
    arguments = [
        services.add_support(conclusion=claim, premises=["Studies show it."], author=user),
        services.add_rebuttal(claim=claim, premises=["Pupils use them to learn."], author=user),
    ]
    other = services.add_claim(map=map, text="Schools should ban phones.", author=user)
    arguments.append(services.add_support(conclusion=other, premises=[claim], author=user))
    return token, claim, arguments


def test_ten_deletes_of_one_claim_delete_it_once_and_restore_brings_all_back(
    live_server, claim_with_three_arguments
):
    token, claim, arguments = claim_with_three_arguments
    answers = at_once(10, lambda: api(live_server, token, "DELETE", f"/api/claims/{claim.pk}/"))
    statuses = Counter(status for status, _ in answers)
    assert statuses[204] == 1 and all(400 <= s < 500 for s in statuses - Counter({204: 1})), answers
    assert Argument.objects.filter(pk__in=[a.pk for a in arguments], deleted_at=None).count() == 0

    answers = at_once(
        5, lambda: api(live_server, token, "POST", f"/api/claims/{claim.pk}/restore/")
    )
    statuses = Counter(status for status, _ in answers)
    assert statuses[200] == 1 and sum(statuses.values()) == 5, answers
    assert all(400 <= s < 500 for s in statuses - Counter({200: 1})), answers
    assert Claim.objects.get(pk=claim.pk).deleted_at is None
    for argument in arguments:
        assert Argument.objects.get(pk=argument.pk).deleted_at is None
        restored = Change.objects.filter(
            object_type="argument", object_id=argument.pk, operation="argument.restore"
        )
        assert restored.count() == 1  # brought back exactly once
    listed = api(live_server, token, "GET", f"/api/arguments/?map={claim.map.slug}")
    assert json.loads(listed[1])["count"] == 3


def test_ten_deletes_of_one_claim_from_the_page_delete_it_once(
    live_server, editor_token, claim_with_three_arguments
):
    user, _ = editor_token
    _, claim, _ = claim_with_three_arguments
    url = f"{live_server.url}/maps/{claim.map.slug}/claims/{claim.pk}/delete/"
    headers = logged_in(user)
    answers = at_once(10, lambda: send(url, "POST", headers, b""))
    statuses = Counter(status for status, _ in answers)
    assert statuses[200] == 1 and all(400 <= s < 500 for s in statuses - Counter({200: 1})), answers
    assert Change.objects.filter(operation="claim.delete").count() == 1


def test_deleting_both_premises_at_once_takes_the_argument_along(live_server, editor_token):
    user, token = editor_token
    map = services.create_map(title="Linked", created_by=user)
    for round in range(5):
        conclusion = services.add_claim(map=map, text=f"C{round}", author=user)
        reason = services.add_support(
            conclusion=conclusion, premises=[f"P{round}", f"Q{round}"], author=user
        )
        premises = iter(list(reason.premises.values_list("pk", flat=True)))
        lock = threading.Lock()

        def delete_one(premises=premises, lock=lock) -> tuple[int, str]:
            with lock:
                pk = next(premises)
            return api(live_server, token, "DELETE", f"/api/claims/{pk}/")

        assert [s for s, _ in at_once(2, delete_one)] == [204, 204]
        reason.refresh_from_db()
        assert reason.deleted_at is not None  # never live with every premise deleted


def standing_on_nothing() -> list[int]:
    """Live arguments whose conclusion or target is deleted, or without a live premise."""
    live = Argument.objects.filter(deleted_at__isnull=True)
    fallen = live.filter(conclusion__deleted_at__isnull=False) | live.filter(
        target__deleted_at__isnull=False
    )
    orphans = [a.pk for a in live if not a.premise_links.filter(claim__deleted_at=None).exists()]
    return sorted({*fallen.values_list("pk", flat=True), *orphans})


def in_thread(work: Callable[[], object]) -> threading.Thread:
    """Run ``work`` on a connection of its own (closed after), as another request would."""

    def run() -> None:
        try:
            work()
        except ValidationError:
            pass  # refused: what the invariant below checks is the database
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_restore_racing_a_deletion_never_leaves_an_argument_on_nothing(editor_token):
    """P is the only premise of A3, which argues for Q. While Q's deletion is not committed yet,
    P's deletion is restored: the restore must wait for it and refuse, not revive A3 on Q."""
    user, _ = editor_token
    map = services.create_map(title="Racing", created_by=user)
    p = services.add_claim(map=map, text="P", author=user)
    q = services.add_claim(map=map, text="Q", author=user)
    a3 = services.add_support(conclusion=q, premises=[p], author=user)
    services.delete_claim(claim=p, actor=user)
    deleting, commit = threading.Event(), threading.Event()

    def delete_q_slowly() -> None:
        with transaction.atomic():
            services.delete_claim(claim=Claim.objects.get(pk=q.pk), actor=user)
            deleting.set()
            commit.wait(timeout=30)

    deletion = in_thread(delete_q_slowly)
    assert deleting.wait(timeout=30)
    restore = in_thread(lambda: services.restore_claim(claim=Claim.objects.get(pk=p.pk)))
    restore.join(timeout=1)  # it waits for Q's row (or, unguarded, is done already)
    commit.set()
    deletion.join(timeout=30)
    restore.join(timeout=30)
    assert standing_on_nothing() == []
    assert Argument.objects.get(pk=a3.pk).deleted_at is not None
