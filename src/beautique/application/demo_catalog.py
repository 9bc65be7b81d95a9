"""SeedDemoCatalog: fills an empty catalogue with ~40 boutique products, so a new install has a shop to show.

Demo ids are derived from the product names (uuid5), so two processes seeding the same empty
database at once cannot both insert a product: the second one's insert conflicts and it stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid5

from beautique.domain.product import ImageHostPolicy, Product, ProductDraft

from .errors import Conflict
from .ports import Clock, ProductRepository

DEMO_NAMESPACE = UUID("6f1c1a52-9b0e-4c55-8a55-6b2c0f6a9e01")
IMAGE_BASE = "https://res.cloudinary.com/demo/image/upload/c_fill,w_800,h_1000/beautique"
_POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}))
ALL = ("S", "M", "L", "XL", "XXL")


@dataclass(frozen=True, slots=True)
class DemoItem:
    name: str
    category: str
    description: str
    regular: str
    sale: str | None
    colors: tuple[str, ...]
    sizes: tuple[str, ...] = ALL
    bestseller: bool = False
    active: bool = True
    images: int = 2

    def draft(self) -> ProductDraft:
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        return ProductDraft(
            name=self.name,
            category=self.category,
            description=self.description,
            regular_price=Decimal(self.regular),
            sale_price=Decimal(self.sale) if self.sale is not None else None,
            images=[f"{IMAGE_BASE}/{slug}-{n}.jpg" for n in range(1, self.images + 1)],
            sizes=self.sizes,
            colors=self.colors,
            is_bestseller=self.bestseller,
            is_active=self.active,
        )


M, LC, LS, SK, G = "Maxi", "Lehanga Choli", "Long Shirt", "Shalwar Kameez", "Gharara"
DEMO_ITEMS: tuple[DemoItem, ...] = (
    DemoItem("Silk Maxi - Red", M, "Flowing pure silk maxi with a hand-finished gota neckline, fully lined.", "5500", "4950", ("Red",), bestseller=True),
    DemoItem("Chiffon Maxi - Tea Pink", M, "Layered chiffon maxi with delicate pearl work on the yoke and sleeves.", "7200", None, ("Tea Pink", "Ivory"), bestseller=True),
    DemoItem("Lawn Printed Maxi - Mint", M, "Breathable summer lawn maxi with a digital floral print and tassel ties.", "3800", "3200", ("Mint",), ("S", "M", "L")),
    DemoItem("Velvet Maxi - Emerald", M, "Winter velvet maxi with zardozi borders, perfect for evening dawats.", "12500", None, ("Emerald", "Maroon")),
    DemoItem("Organza Maxi - Lilac", M, "Sheer organza maxi over a silk slip, with cutwork hem and sequins.", "9800", "8330", ("Lilac",)),
    DemoItem("Cotton Net Maxi - Black", M, "Cotton net maxi with thread embroidery and a scalloped dupatta.", "6400", None, ("Black",), ("M", "L", "XL")),
    DemoItem("Jamawar Maxi - Rust", M, "Jamawar brocade maxi with a mandarin collar and antique buttons.", "8900", None, ("Rust", "Gold")),
    DemoItem("Khaddar Maxi - Mustard", M, "Soft khaddar maxi for chilly evenings, block-printed by hand.", "4200", None, ("Mustard",), active=False, images=0),
    DemoItem("Bridal Lehanga - Crimson", LC, "Heavily embellished bridal lehanga in raw silk with kora, dabka and tilla work.", "185000", None, ("Crimson",), ("S", "M", "L"), bestseller=True, images=3),
    DemoItem("Mehndi Lehanga - Parrot Green", LC, "Mehndi lehanga choli with mirror work and a contrast pink dupatta.", "48000", "42000", ("Parrot Green", "Pink")),
    DemoItem("Organza Lehanga - Peach", LC, "Light organza lehanga with pastel resham embroidery for walima evenings.", "65000", None, ("Peach",), bestseller=True),
    DemoItem("Velvet Lehanga - Maroon", LC, "Velvet choli with a flared silk lehanga and a zari-bordered net dupatta.", "72000", "61200", ("Maroon",)),
    DemoItem("Tissue Lehanga - Silver Grey", LC, "Shimmering tissue lehanga with crystal work and a cropped choli.", "55000", None, ("Silver Grey",), ("S", "M")),
    DemoItem("Chiffon Lehanga - Fuchsia", LC, "Chiffon lehanga with gota patti borders, made for dholki nights.", "38000", None, ("Fuchsia", "Orange")),
    DemoItem("Banarsi Lehanga - Royal Blue", LC, "Banarsi weave lehanga with a sequinned choli and organza dupatta.", "59000", "53100", ("Royal Blue",)),
    DemoItem("Net Lehanga - Ivory", LC, "Ivory net lehanga with pearl and nakshi work, a nikkah favourite.", "95000", None, ("Ivory",), active=False),
    DemoItem("Embroidered Long Shirt - Navy", LS, "Straight-cut lawn long shirt with chikankari embroidery on the front panel.", "4500", "3600", ("Navy",), bestseller=True),
    DemoItem("Linen Long Shirt - Olive", LS, "Linen long shirt with side slits and wooden buttons for everyday wear.", "3900", None, ("Olive", "Beige")),
    DemoItem("Silk Long Shirt - Wine", LS, "Raw silk long shirt with a sequinned daaman and tilla sleeves.", "8700", None, ("Wine",)),
    DemoItem("Karandi Long Shirt - Camel", LS, "Karandi long shirt with a pleated collar, warm enough for Murree winters.", "5200", "4680", ("Camel",), ("M", "L", "XL", "XXL")),
    DemoItem("Cambric Long Shirt - White", LS, "Crisp cambric long shirt with pintucks and lace inserts.", "3300", None, ("White", "Sky Blue"), bestseller=True),
    DemoItem("Chiffon Long Shirt - Sea Green", LS, "Chiffon long shirt over an inner slip, with a handworked neckline.", "6100", None, ("Sea Green",)),
    DemoItem("Printed Long Shirt - Coral", LS, "Digitally printed lawn long shirt with a matching printed dupatta.", "2900", "2320", ("Coral",)),
    DemoItem("Velvet Long Shirt - Plum", LS, "Velvet long shirt with a kamdani border, a winter wedding staple.", "9500", None, ("Plum",), active=False),
    DemoItem("Lawn Shalwar Kameez - Sky Blue", SK, "Three-piece lawn suit with an embroidered neckline and a printed chiffon dupatta.", "4800", "3840", ("Sky Blue",), bestseller=True),
    DemoItem("Cotton Shalwar Kameez - Mustard", SK, "Everyday cotton shalwar kameez with a block-printed dupatta.", "3500", None, ("Mustard", "Green")),
    DemoItem("Khaddar Shalwar Kameez - Rust", SK, "Winter khaddar three-piece with a woven shawl dupatta.", "5600", None, ("Rust",)),
    DemoItem("Silk Shalwar Kameez - Champagne", SK, "Festive silk suit with a tilla-worked kameez and jamawar shalwar.", "11800", "10030", ("Champagne",)),
    DemoItem("Chikankari Shalwar Kameez - White", SK, "Hand-done chikankari kameez with a cotton silk shalwar, an Eid classic.", "7600", None, ("White",), bestseller=True),
    DemoItem("Linen Shalwar Kameez - Grey", SK, "Linen two-piece with minimal embroidery, made for the office.", "4100", None, ("Grey", "Navy"), ("M", "L", "XL")),
    DemoItem("Jacquard Shalwar Kameez - Teal", SK, "Jacquard kameez with a straight trouser and an organza dupatta.", "6900", "5520", ("Teal",)),
    DemoItem("Marina Shalwar Kameez - Brown", SK, "Soft marina suit with a printed shawl for cold days.", "3700", None, ("Brown",), active=False, images=0),
    DemoItem("Gota Gharara - Yellow", G, "Short kurti with a gota-bordered gharara, made for mayun.", "16500", "14850", ("Yellow",), bestseller=True),
    DemoItem("Farshi Gharara - Deep Red", G, "Traditional farshi gharara in silk with dabka work and a long dupatta.", "42000", None, ("Deep Red",), ("S", "M", "L")),
    DemoItem("Chiffon Gharara - Powder Blue", G, "Chiffon gharara with pearl-embellished kurti, light for summer weddings.", "21000", None, ("Powder Blue",)),
    DemoItem("Velvet Gharara - Bottle Green", G, "Velvet kurti with a jamawar gharara and a zari net dupatta.", "27500", "23375", ("Bottle Green",)),
    DemoItem("Organza Gharara - Blush", G, "Organza gharara with 3D floral appliques and a scalloped dupatta.", "31000", None, ("Blush",), bestseller=True),
    DemoItem("Cotton Gharara - Orange", G, "Cotton gharara with mirror work for dholki and mehndi functions.", "9800", None, ("Orange", "Pink")),
    DemoItem("Tissue Gharara - Gold", G, "Tissue gharara with a cropped kurti and crystal-studded dupatta.", "36500", None, ("Gold",)),
    DemoItem("Raw Silk Gharara - Magenta", G, "Raw silk gharara with antique kora work, shown at our last exhibition.", "39000", None, ("Magenta",), active=False),
)  # fmt: skip


def demo_id(item: DemoItem) -> UUID:
    return uuid5(DEMO_NAMESPACE, item.name)


class SeedDemoCatalog:
    """Seeds only an empty catalogue, so running it twice (or on a live shop) changes nothing."""

    def __init__(self, products: ProductRepository, clock: Clock) -> None:
        self._products = products
        self._clock = clock

    async def __call__(self) -> int:
        """How many products were added (0 when the catalogue already had some)."""
        if await self._products.count_all() > 0:
            return 0
        now = self._clock.now()
        added = 0
        for age, item in enumerate(DEMO_ITEMS):
            # A distinct creation time each, so "newest first" has one obvious order.
            product = Product.create(
                item.draft(),
                policy=_POLICY,
                product_id=demo_id(item),
                now=now - timedelta(hours=age),
            )
            try:
                await self._products.add(product)
            except Conflict:  # another process is seeding the same database right now
                return added
            added += 1
        return added
