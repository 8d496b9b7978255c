"""Import of structure and staff from CSV or XLSX: upload, preview with row errors, confirm."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assure.organisation import access


def import_upload(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    return render(request, "organisation/import_upload.html", {"page_title": "Import structure or staff"})


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_edit_organisation(request.user)
    return render(request, "organisation/import_upload.html", {"page_title": "Import structure or staff"})
