"""What the API returns. Serializers only shape (and, in ``inputs``, parse); writes go through
the services."""

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from argmap.accounts.models import User
from argmap.maps import permissions
from argmap.maps.models import (
    Annotation,
    Argument,
    Change,
    Claim,
    Invitation,
    InvitationUse,
    Map,
    MapImport,
    Membership,
)
from argmap.maps.services import describe
from argmap.sources.models import Passage, Source


def username(*, allow_null: bool = True) -> serializers.SlugRelatedField:
    """A user, shown by user name (null for one who was deleted)."""
    return serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=allow_null
    )


def map_slug() -> serializers.SlugRelatedField:
    """The map, shown by its slug."""
    return serializers.SlugRelatedField(slug_field="slug", read_only=True)


class PassageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Passage
        fields = ["label", "kind", "text", "start", "end", "parent_label", "metadata"]


class SourceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "kind", "title", "symbol", "author", "speaker", "place", "date", "sha256"]


class SourceSerializer(SourceSummarySerializer):
    passages = PassageSerializer(many=True, read_only=True)
    revision_of: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="The document this one revises, corrects or adds to (null: none).",
    )

    class Meta(SourceSummarySerializer.Meta):
        fields = [*SourceSummarySerializer.Meta.fields, "revision_of", "metadata", "passages"]


class MapSerializer(serializers.ModelSerializer):
    created_by = username()
    sources: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    role = serializers.SerializerMethodField(help_text="Your role on the map (null: none).")
    claim_count = serializers.SerializerMethodField(help_text="Live claims of the map.")

    class Meta:
        model = Map
        fields = [
            "slug",
            "title",
            "description",
            "visibility",
            "sources",
            "created_by",
            "created_at",
            "updated_at",
            "version",
            "role",
            "claim_count",
        ]

    def get_role(self, map: Map) -> str | None:
        if hasattr(map, "my_role"):  # annotated by the list's query
            return map.my_role
        request = self.context.get("request")
        return permissions.role_of(request.user, map) if request else None

    def get_claim_count(self, map: Map) -> int:
        if hasattr(map, "claim_count"):
            return map.claim_count
        return map.claims.filter(deleted_at__isnull=True).count()


class MembershipSerializer(serializers.ModelSerializer):
    user = username(allow_null=False)

    class Meta:
        model = Membership
        fields = ["user", "role", "created_at"]


class InvitationUseSerializer(serializers.ModelSerializer):
    user = username(allow_null=False)

    class Meta:
        model = InvitationUse
        fields = ["user", "joined_at"]


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation link, with who joined through it (owners only see these)."""

    url = serializers.SerializerMethodField(help_text="The link to send: /join/<token>/.")
    state = serializers.SerializerMethodField(help_text="open, expired or revoked (withdrawn).")
    created_by = username()
    joined = InvitationUseSerializer(source="uses", many=True, read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "role",
            "url",
            "state",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "sent_to",
            "joined",
        ]

    def get_url(self, invitation: Invitation) -> str:
        path = reverse("maps:join", args=[invitation.token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_state(self, invitation: Invitation) -> str:
        return str(invitation.state(timezone.now()))


class ClaimSerializer(serializers.ModelSerializer):
    map = map_slug()
    source = serializers.SerializerMethodField(  # type: ignore[assignment]  # shadows Field.source
        help_text="Slug of the quoted source ('' if none)."
    )
    passage = serializers.SerializerMethodField(
        help_text="Label of the quoted passage ('' if none)."
    )
    author = username()

    class Meta:
        model = Claim
        fields = [
            "id",
            "map",
            "text",
            "speaker",
            "source",
            "passage",
            "span_start",
            "span_end",
            "quote",
            "tags",
            "author",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
        ]

    def get_source(self, claim: Claim) -> str:
        return claim.passage.source.slug if claim.passage else ""

    def get_passage(self, claim: Claim) -> str:
        return claim.passage.label if claim.passage else ""


class ArgumentSerializer(serializers.ModelSerializer):
    map = map_slug()
    premises = serializers.SerializerMethodField(
        help_text="Ids of the live premise claims, in order."
    )
    author = username()

    class Meta:
        model = Argument
        fields = [
            "id",
            "map",
            "kind",
            "conclusion",
            "target",
            "premises",
            "scheme",
            "author",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
        ]

    def get_premises(self, argument: Argument) -> list[int]:
        # premise_links are prefetched (live claims, by position) by the views' querysets.
        links = argument.premise_links.all()
        return [link.claim_id for link in links if link.claim.deleted_at is None]


class AnnotationSerializer(serializers.ModelSerializer):
    map = map_slug()
    author = username()

    class Meta:
        model = Annotation
        fields = [
            "id",
            "map",
            "claim",
            "argument",
            "kind",
            "body",
            "url",
            "author",
            "created_at",
            "updated_at",
            "version",
        ]


class ChangeSerializer(serializers.ModelSerializer):
    actor = username()
    description = serializers.SerializerMethodField()

    class Meta:
        model = Change
        fields = ["id", "at", "actor", "operation", "description", "object_type", "object_id"]

    def get_description(self, change: Change) -> str:
        return describe(change)


class UndoResult(serializers.Serializer):
    undone = ChangeSerializer(many=True, help_text="The changes of the action taken back.")


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email"]


class GraphClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    speaker = serializers.CharField()
    source = serializers.CharField(source="source_slug", allow_blank=True)  # type: ignore[assignment]  # shadows Field.source
    passage = serializers.CharField(source="passage_label", allow_blank=True)
    span_start = serializers.IntegerField(allow_null=True)
    span_end = serializers.IntegerField(allow_null=True)
    quote = serializers.CharField(allow_blank=True)


class GraphArgumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Argument.Kind.choices)
    conclusion = serializers.IntegerField(source="conclusion_id", allow_null=True)
    target = serializers.IntegerField(source="target_id", allow_null=True)
    premises = serializers.ListField(source="premise_ids", child=serializers.IntegerField())
    scheme = serializers.CharField(allow_blank=True)


class MapGraphSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    claims = GraphClaimSerializer(many=True)
    arguments = GraphArgumentSerializer(many=True)


# The serializer that shows the current state of each versioned model after a conflict.
VERSIONED: dict[type, type[serializers.Serializer]] = {
    Map: MapSerializer,
    Claim: ClaimSerializer,
    Argument: ArgumentSerializer,
    Annotation: AnnotationSerializer,
}


class MapImportSerializer(serializers.Serializer):
    """A map import queued for the task worker: poll ``url`` until ``state`` is done or failed."""

    token = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="This job's own address: poll it.")
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    filename = serializers.CharField()
    done = serializers.IntegerField(help_text="Claims and arguments written so far.")
    total = serializers.IntegerField(help_text="Claims and arguments to write.")
    error = serializers.CharField(help_text="Why it failed (empty unless failed).")
    map = serializers.SerializerMethodField(help_text="The new map's slug, once done.")
    map_url = serializers.SerializerMethodField(help_text="The new map in the API, once done.")

    def get_url(self, job: MapImport) -> str:
        return self._absolute("api:import-detail", job.token)

    def get_map(self, job: MapImport) -> str | None:
        the_map = job.map if job.state == MapImport.State.DONE else None
        return the_map.slug if the_map is not None else None

    def get_map_url(self, job: MapImport) -> str | None:
        slug = self.get_map(job)
        return self._absolute("api:map-detail", slug) if slug else None

    def _absolute(self, name: str, value: str) -> str:
        path = reverse(name, args=[value])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MapImportQueuedSerializer(MapImportSerializer):
    """The import job, with what the file holds (read and checked before it was queued)."""

    # context["parsed"]: the ParsedMap the request read

    format = serializers.CharField(help_text="The file's format, as detected or given.")
    counts = serializers.SerializerMethodField(help_text="Claims, arguments, notes to create.")
    report = serializers.SerializerMethodField(help_text="What the file holds that is not kept.")

    def get_counts(self, job: MapImport) -> dict[str, int]:
        graph = self.context["parsed"].graph
        return {
            "claims": len(graph.claims),
            "arguments": len(graph.arguments),
            "notes": len(graph.notes),
        }

    def get_report(self, job: MapImport) -> list[str]:
        return list(self.context["parsed"].report)


class CarriedSerializer(serializers.Serializer):
    moved = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Claims now quoting the same words in the revision.",
    )
    flagged = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Claims whose words changed: they keep their quote and have an open question.",
    )
