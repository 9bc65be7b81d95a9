-- Catalogue pages that miss the read cache (a fresh filter combination) read a handful of index
-- entries instead of sorting every match (docs/performance.md, "Cache misses").
--
-- The price sorts, with their tie-break, in both directions: the page is the first entries of a
-- range, with no sort of equal prices. products_by_price (001) stays: it is the narrowest index on
-- the price, and the count of a price bound is an index-only scan of it.
CREATE INDEX products_price_asc
    ON products (is_active, effective_price ASC, created_at DESC, id DESC);
CREATE INDEX products_price_desc
    ON products (is_active, effective_price DESC, created_at DESC, id DESC);
-- A category page with a price bound: its matches counted on index entries alone.
CREATE INDEX products_by_category_price ON products (category, is_active, effective_price);
-- The planner needs to know how prices are spread to choose between walking the newest-first
-- index and sorting the few matches of a high bound.
ANALYZE products;
