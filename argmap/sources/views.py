from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .header import document_header
from .models import Source, SourceFile
from .selectors import source_passages


def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/source_list.html", {"sources": Source.objects.all()})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    header = document_header(source, source_passages(source, request.user))
    original = SourceFile.objects.defer("data").filter(source=source).first()
    context = {"source": source, "header": header, "original": original}
    return render(request, "sources/source_detail.html", context)


@require_GET
def source_file(request: HttpRequest, slug: str) -> HttpResponse:
    """The file the document was imported from, as it was uploaded."""
    original = get_object_or_404(SourceFile, source__slug=slug)
    response = HttpResponse(bytes(original.data), content_type=original.content_type)
    # a download, never shown inline: an uploaded HTML page must not run on this site
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=original.filename
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
