from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Source


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    return render(
        request, "sources/source_detail.html", {"source": source, "passages": source.passages.all()}
    )
