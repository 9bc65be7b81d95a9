-- Orders, their snapshot lines and status history; per-day order numbers; idempotency keys.
-- No foreign key from order lines to products: an order keeps its snapshot when a product
-- is permanently deleted.

CREATE TABLE orders (
    id uuid PRIMARY KEY,
    order_id text NOT NULL UNIQUE,
    customer_name text NOT NULL,
    customer_name_folded text NOT NULL,   -- casefold()ed in Python: same matching as SQLite
    phone text NOT NULL,
    phone_digits text NOT NULL,           -- digits of the phone as typed, for admin search
    phone_e164 text NOT NULL,
    whatsapp text NOT NULL,
    email text,
    address text NOT NULL,
    city text NOT NULL,
    country text NOT NULL,
    notes text,
    payment_method text NOT NULL
        CHECK (payment_method IN ('Easypaisa', 'Meezan Bank', 'International Bank')),
    payment_status text NOT NULL CHECK (payment_status IN ('Pending', 'Paid', 'Verified')),
    order_status text NOT NULL
        CHECK (order_status IN ('Received', 'Processing', 'Ready', 'Delivered', 'Cancelled')),
    delivery_status text NOT NULL
        CHECK (delivery_status IN ('Not Started', 'In Progress', 'Out for Delivery', 'Delivered')),
    total_amount numeric(12, 2) NOT NULL CHECK (total_amount >= 0),  -- lines never change
    estimated_delivery date,
    tracking_notes text,
    order_date date NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX orders_phone_e164 ON orders (phone_e164);
CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
CREATE INDEX orders_order_date ON orders (order_date);

CREATE TABLE order_lines (
    order_uuid uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position integer NOT NULL,
    product_id uuid NOT NULL,
    name text NOT NULL,
    size text NOT NULL CHECK (size IN ('S', 'M', 'L', 'XL', 'XXL')),
    color text NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    image text,
    PRIMARY KEY (order_uuid, position)
);

CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE order_status_history (
    order_uuid uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position integer NOT NULL,
    at timestamptz NOT NULL,
    field text NOT NULL
        CHECK (field IN ('payment_status', 'order_status', 'delivery_status')),
    from_status text NOT NULL,
    to_status text NOT NULL,
    changed_by text,
    PRIMARY KEY (order_uuid, position)
);

-- One row per business day; allocation is a one-statement upsert in its own short
-- transaction, so the row lock is held for microseconds, not for a whole checkout.
CREATE TABLE order_day_sequences (
    day date PRIMARY KEY,
    last_number integer NOT NULL
);

CREATE TABLE idempotency_keys (
    key text PRIMARY KEY,
    fingerprint text NOT NULL,
    state text NOT NULL CHECK (state IN ('in_flight', 'done')),
    response_status integer,
    response_body bytea,
    response_location text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
