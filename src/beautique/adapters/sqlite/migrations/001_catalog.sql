-- Catalogue: products and the catalogue version that read caches validate against.
-- Prices are INTEGER paisa (exact and sortable; SQLite has no decimal type); lists are JSON
-- arrays of text; times are fixed-width ISO-8601 UTC text, so text order is time order;
-- ids are lowercase UUID text, so text order is UUID order (as in Postgres).
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL
        CHECK (category IN ('Maxi', 'Lehanga Choli', 'Long Shirt', 'Shalwar Kameez', 'Gharara')),
    description TEXT NOT NULL,
    regular_paisa INTEGER NOT NULL CHECK (regular_paisa >= 0),
    sale_paisa INTEGER CHECK (sale_paisa IS NULL OR (sale_paisa >= 0 AND sale_paisa < regular_paisa)),
    -- Filters and sorts use what the customer pays: the sale price when there is one.
    effective_paisa INTEGER GENERATED ALWAYS AS (coalesce(sale_paisa, regular_paisa)) STORED,
    images TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(images)),
    sizes TEXT NOT NULL CHECK (json_valid(sizes)),
    colors TEXT NOT NULL CHECK (json_valid(colors)),
    is_bestseller INTEGER NOT NULL DEFAULT 0 CHECK (is_bestseller IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX products_newest ON products (is_active, created_at DESC, id DESC);
CREATE INDEX products_by_category ON products (category, is_active, created_at DESC, id DESC);
CREATE INDEX products_by_price ON products (is_active, effective_paisa);

-- One row, bumped by triggers in the same transaction as every product write, so any
-- process (app instance, CLI, a manual fix) invalidates every cache that reads it.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;

INSERT INTO catalog_version (id, value) VALUES (1, 0);

CREATE TRIGGER products_bump_on_insert AFTER INSERT ON products BEGIN
    INSERT INTO catalog_version (id, value) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER products_bump_on_update AFTER UPDATE ON products BEGIN
    INSERT INTO catalog_version (id, value) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER products_bump_on_delete AFTER DELETE ON products BEGIN
    INSERT INTO catalog_version (id, value) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
