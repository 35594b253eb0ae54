from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Source
from .selectors import source_passages

# Header facts worth showing, in reading order: (metadata key, label).
HEADER_FACTS = [
    ("body", "Issued by"),
    ("session", "Session"),
    ("committee", "Committee"),
    ("agenda_item", "Agenda item"),
    ("distribution", "Distribution"),
    ("original_language", "Original"),
    ("office", "Office"),
    ("mission", "Mission"),
]


def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/source_list.html", {"sources": Source.objects.all()})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    facts = [
        (label, source.metadata[key]) for key, label in HEADER_FACTS if source.metadata.get(key)
    ]
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "facts": facts,
            "sponsors": source.metadata.get("sponsors", []),
            "passages": source_passages(source, request.user),
        },
    )
