import factory
from rest_framework.test import APIClient

from argmap.accounts.models import User
from argmap.maps.models import Map, Membership

PASSWORD = "correct horse battery staple"  # of every user the factory makes


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class MapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Map

    title = factory.Sequence(lambda n: f"Map {n}")
    slug = factory.Sequence(lambda n: f"map-{n}")
    visibility = Map.Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    map = factory.SubFactory(MapFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER


def member_of(map: Map, role: str, username: str | None = None) -> User:
    """A new user with ``role`` on ``map``, named after the role unless ``username`` is given."""
    user = UserFactory(username=username or role)
    MembershipFactory(map=map, user=user, role=role)
    return user


def api_as(user: User) -> APIClient:
    """An API client logged in as ``user``."""
    client = APIClient()
    client.force_login(user)
    return client


def build_tree(map_: Map, claims: int) -> None:
    """A map of ``claims`` claims written in bulk (for size tests and benchmarks): each claim
    supports or attacks an earlier one, three to a claim."""
    from argmap.maps.models import Argument, Claim, Premise

    # In batches, as the importers write: with the parameters sent apart from the SQL (prepared
    # statements), one statement takes at most 65,535 of them.
    batch = 1000
    rows = Claim.objects.bulk_create(
        (Claim(map=map_, text=f"Claim {i}") for i in range(claims)), batch_size=batch
    )
    arguments = Argument.objects.bulk_create(
        (
            Argument(map=map_, kind="support" if i % 3 else "attack", conclusion=rows[(i - 1) // 3])
            for i in range(1, claims)
        ),
        batch_size=batch,
    )
    Premise.objects.bulk_create(
        (Premise(argument=a, claim=rows[i + 1]) for i, a in enumerate(arguments)), batch_size=batch
    )


def big_document(passages: int, words: int = 30, slug: str = "big-document"):
    """A source of ``passages`` paragraphs of ``words`` words each, written in bulk (for memory
    tests and benchmarks)."""
    import hashlib

    from argmap.sources.models import Passage, Source

    texts = [" ".join(f"word{i}-{w}" for w in range(words)) + "." for i in range(passages)]
    body = "\n\n".join(texts)
    source = Source.objects.create(
        slug=slug,
        kind=Source.Kind.STATEMENT,
        title=f"A statement of {passages:,} paragraphs",
        body=body,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
    )
    start, rows = 0, []
    for i, text in enumerate(texts):
        rows.append(
            Passage(
                source=source,
                position=i + 1,  # as imports number them
                label=f"P{i + 1}",
                kind=Passage.Kind.PARAGRAPH,
                text=text,
                start=start,
                end=start + len(text),
            )
        )
        start += len(text) + 2
    Passage.objects.bulk_create(rows, batch_size=1000)
    return source
