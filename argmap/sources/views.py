from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .header import document_header
from .models import Source
from .selectors import source_passages


def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/source_list.html", {"sources": Source.objects.all()})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    header = document_header(source, source_passages(source, request.user))
    return render(request, "sources/source_detail.html", {"source": source, "header": header})
