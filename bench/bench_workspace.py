"""Server time of the workspace page, a claim's detail fragment and "add a reason".

Measured in-process with Django's test client (no network), best of several runs, in ms, beside
a trivial page (the log-in form) measured in the same run: on a shared machine the ratios hold.
"""

from common import best_of, build_tree, scratch_database


def measure(client, slug: str, root_pk: int) -> tuple[float, float, float]:
    htmx = {"HTTP_HX_REQUEST": "true"}

    def page() -> None:
        assert client.get(f"/maps/{slug}/").status_code == 200

    def detail() -> None:
        assert client.get(f"/maps/{slug}/claims/{root_pk}/", **htmx).status_code == 200

    def add_reason() -> None:
        data = {"kind": "support", "text": "One more reason"}
        assert (
            client.post(f"/maps/{slug}/claims/{root_pk}/arguments/", data, **htmx).status_code
            == 200
        )

    return best_of(5, page), best_of(5, detail), best_of(5, add_reason)


def main() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Claim

    setup_test_environment()
    with scratch_database():
        user = User.objects.create_user(username="bench", password="x")
        client = Client()
        client.force_login(user)
        trivial = best_of(20, lambda: client.get("/accounts/login/"))
        print(f"trivial page (log-in form): {trivial:.1f} ms")
        print(f"{'claims':>7} {'page ms':>9} {'detail ms':>10} {'add reason ms':>14}  (× trivial)")
        for size in (100, 1_000, 3_500):
            the_map = services.create_map(title=f"bench {size}", created_by=user)
            build_tree(the_map, size)
            root = Claim.objects.filter(map=the_map).order_by("pk").first()
            assert root is not None
            page, detail, add = measure(client, the_map.slug, root.pk)
            ratios = " / ".join(f"{t / trivial:.0f}" for t in (page, detail, add))
            print(f"{size:>7} {page:>9.1f} {detail:>10.1f} {add:>14.1f}  ({ratios})")


if __name__ == "__main__":
    main()
