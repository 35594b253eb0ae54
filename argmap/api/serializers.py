"""Serializers only parse and shape; writes go through the services."""

from rest_framework import serializers

from argmap.sources.models import Passage, Source


class PassageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Passage
        fields = ["label", "kind", "text", "start", "end", "parent_label", "metadata"]


class SourceSerializer(serializers.ModelSerializer):
    passages = PassageSerializer(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "kind",
            "title",
            "symbol",
            "author",
            "speaker",
            "place",
            "date",
            "metadata",
            "sha256",
            "passages",
        ]


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
    kind = serializers.ChoiceField(choices=["support", "attack"])
    conclusion = serializers.IntegerField(source="conclusion_id", allow_null=True)
    target = serializers.IntegerField(source="target_id", allow_null=True)
    premises = serializers.ListField(source="premise_ids", child=serializers.IntegerField())
    scheme = serializers.CharField(allow_blank=True)


class MapGraphSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    claims = GraphClaimSerializer(many=True)
    arguments = GraphArgumentSerializer(many=True)
