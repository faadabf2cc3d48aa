"""The logo and signature a coordinator uploads, treated as hostile: measured before decoding, opened by Pillow
as PNG or JPEG only, refused beyond a size, and re-encoded to a fresh PNG (no metadata, no trailing payload)."""

import base64
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000  # checked on the header, before decoding: a small file can claim a huge image
KEPT_SIDE = 1200  # px: plenty for print at this size
FORMATS = frozenset({"PNG", "JPEG"})


def reencoded(upload) -> ContentFile:
    """A clean PNG of an uploaded image, or ValidationError in French."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 2 Mo."))
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise ValidationError(_("Déposez une image PNG ou JPEG."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("L'image est trop grande (4 000 × 4 000 pixels au plus)."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            clean = image.convert("RGBA")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(_("Ce fichier n'est pas une image lisible (PNG ou JPEG).")) from None
    clean.thumbnail((KEPT_SIDE, KEPT_SIDE))
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="image.png")


def data_uri(field) -> str | None:
    """A stored image as a data: address (for the PDF and the preview: the private files are never served)."""
    if not field:
        return None
    try:
        with field.open("rb") as stored:
            content = stored.read()
    except OSError:
        return None
    return "data:image/png;base64," + base64.b64encode(content).decode()
