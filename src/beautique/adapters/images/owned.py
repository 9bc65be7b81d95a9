"""What both image stores share: an image of ours is one whose URL names it in the store."""

from __future__ import annotations


class UrlNamedImages:
    """A store owns a URL exactly when it can name the image in it (`name_of`); asked to delete
    an image it does not own (another host, a pasted link), it leaves it alone."""

    def name_of(self, url: str) -> str | None:
        raise NotImplementedError

    async def remove(self, name: str) -> None:
        raise NotImplementedError

    def owns(self, url: str) -> bool:
        return self.name_of(url) is not None

    async def delete(self, url: str) -> None:
        name = self.name_of(url)
        if name is not None:
            await self.remove(name)
