-- Orders, their snapshot lines and status history; per-day order numbers; idempotency keys.
-- Money is INTEGER paisa (exact, and SUM() stays exact). Datetimes are UTC ISO-8601 text in
-- one fixed format ('2026-11-21T18:59:00.000000+00:00') so text order is time order.
-- Dates are 'YYYY-MM-DD'. UUIDs are lower-case canonical text, which sorts like the UUID.
-- No foreign key from order lines to products: an order keeps its snapshot when a product
-- is permanently deleted.

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE,
    customer_name TEXT NOT NULL,
    customer_name_folded TEXT NOT NULL,   -- casefold()ed in Python: Unicode-aware search
    phone TEXT NOT NULL,
    phone_digits TEXT NOT NULL,           -- digits of the phone as typed, for admin search
    phone_e164 TEXT NOT NULL,
    whatsapp TEXT NOT NULL,
    email TEXT,
    address TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    notes TEXT,
    payment_method TEXT NOT NULL
        CHECK (payment_method IN ('Easypaisa', 'Meezan Bank', 'International Bank')),
    payment_status TEXT NOT NULL CHECK (payment_status IN ('Pending', 'Paid', 'Verified')),
    order_status TEXT NOT NULL
        CHECK (order_status IN ('Received', 'Processing', 'Ready', 'Delivered', 'Cancelled')),
    delivery_status TEXT NOT NULL
        CHECK (delivery_status IN ('Not Started', 'In Progress', 'Out for Delivery', 'Delivered')),
    total_amount INTEGER NOT NULL CHECK (total_amount >= 0),  -- paisa; lines never change
    estimated_delivery TEXT,
    tracking_notes TEXT,
    order_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX orders_phone_e164 ON orders (phone_e164);
CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
CREATE INDEX orders_order_date ON orders (order_date);

CREATE TABLE order_lines (
    order_uuid TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size TEXT NOT NULL CHECK (size IN ('S', 'M', 'L', 'XL', 'XXL')),
    color TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),  -- paisa
    image TEXT,
    PRIMARY KEY (order_uuid, position)
) STRICT;

CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE order_status_history (
    order_uuid TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    at TEXT NOT NULL,
    field TEXT NOT NULL
        CHECK (field IN ('payment_status', 'order_status', 'delivery_status')),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    changed_by TEXT,
    PRIMARY KEY (order_uuid, position)
) STRICT;

CREATE TABLE order_day_sequences (
    day TEXT PRIMARY KEY,
    last_number INTEGER NOT NULL
) STRICT;

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    response_status INTEGER,
    response_body BLOB,
    response_location TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
