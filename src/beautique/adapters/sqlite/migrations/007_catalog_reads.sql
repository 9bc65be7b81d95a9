-- Catalogue pages that miss the read cache (a fresh filter combination) read a handful of index
-- entries instead of sorting every match (docs/performance.md, "Cache misses").
--
-- Newest first (the storefront's default sort): the index also carries the effective price, so a
-- price bound is tested on index entries and only the rows of the page are read from the table.
DROP INDEX products_newest;
CREATE INDEX products_newest ON products (is_active, created_at DESC, id DESC, effective_paisa);
-- The price sorts, with their tie-break, in both directions: the page is the first entries of a
-- range, with no sort of equal prices. products_by_price (001) stays: it is the narrowest index
-- on the price, and counting the matches of a price bound reads it alone.
CREATE INDEX products_price_asc
    ON products (is_active, effective_paisa ASC, created_at DESC, id DESC);
CREATE INDEX products_price_desc
    ON products (is_active, effective_paisa DESC, created_at DESC, id DESC);
-- A category page: the same newest-first walk within the category, and a price bound counted on
-- index entries alone.
DROP INDEX products_by_category;
CREATE INDEX products_by_category
    ON products (category, is_active, created_at DESC, id DESC, effective_paisa);
