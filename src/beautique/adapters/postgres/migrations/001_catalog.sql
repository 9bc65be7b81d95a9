-- Catalogue: products and the catalogue version that read caches validate against.
-- Prices are exact numeric(12,2); lists are text arrays (sizes stored in S..XXL order).
CREATE TABLE products (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL
        CHECK (category IN ('Maxi', 'Lehanga Choli', 'Long Shirt', 'Shalwar Kameez', 'Gharara')),
    description text NOT NULL,
    regular_price numeric(12, 2) NOT NULL CHECK (regular_price >= 0),
    sale_price numeric(12, 2)
        CHECK (sale_price IS NULL OR (sale_price >= 0 AND sale_price < regular_price)),
    -- Filters and sorts use what the customer pays: the sale price when there is one.
    effective_price numeric(12, 2) GENERATED ALWAYS AS (coalesce(sale_price, regular_price)) STORED,
    images text[] NOT NULL DEFAULT '{}',
    sizes text[] NOT NULL,
    colors text[] NOT NULL,
    is_bestseller boolean NOT NULL DEFAULT false,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX products_newest ON products (is_active, created_at DESC, id DESC);
CREATE INDEX products_by_category ON products (category, is_active, created_at DESC, id DESC);
CREATE INDEX products_by_price ON products (is_active, effective_price);

-- One row, bumped by a trigger in the same transaction as every product write, so any
-- process (app instance, CLI, a manual fix) invalidates every cache that reads it. The
-- upsert recreates the row if it was ever removed (tests truncate every table).
CREATE TABLE catalog_version (
    id integer PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);

INSERT INTO catalog_version (id, value) VALUES (1, 0);

CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_version (id, value) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET value = catalog_version.value + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_bump_catalog_version
    AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION bump_catalog_version();
