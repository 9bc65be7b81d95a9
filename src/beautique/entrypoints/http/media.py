"""GET /media/{name}: product images kept on local disk (the embedded default image store).

Names are content hashes, so a name always means the same bytes: browsers and CDNs may keep them
for a year without asking again. Only names of the store's own shape are looked up; anything else
is a 404 without touching the disk.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import File

from beautique.application.errors import NotFound

from .dependencies import provide

MEDIA_NAME = re.compile(r"[0-9a-f]{64}\.(jpg|png|webp)")
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
CACHE_FOREVER = "public, max-age=31536000, immutable"


class MediaController(Controller):
    path = "/media"
    include_in_schema = False
    dependencies = {"media_dir": provide(lambda c: c.settings().media_dir)}

    @get("/{name:str}")
    async def media_file(
        self, name: Annotated[str, PathParameter()], media_dir: NamedDependency[Path]
    ) -> File:
        match = MEDIA_NAME.fullmatch(name)
        path = media_dir / name
        if match is None or not path.is_file():
            raise NotFound("Image not found")
        return File(
            path=path,
            media_type=CONTENT_TYPES[match[1]],
            content_disposition_type="inline",
            headers={"Cache-Control": CACHE_FOREVER, "X-Content-Type-Options": "nosniff"},
        )
