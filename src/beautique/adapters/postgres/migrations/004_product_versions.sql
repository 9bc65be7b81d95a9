-- Admin catalogue: every product row carries its revision. A change is stored only while the row
-- still holds the revision it was made from (compare-and-set), so concurrent edits never
-- overwrite each other; existing products start at revision 1.
ALTER TABLE products ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
