"""A file sent to the browser to keep (exports): its content type and its name."""

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes | str, *, filename: str, content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    """The response saving `content` as `filename` (an ASCII name chosen by the code, never typed by a user)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
