import factory

from argmap.accounts.models import User
from argmap.maps.models import Map, Membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


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
