-- The admin order screens: indexes for the filtered list, its search and the export, and running
-- totals that the dashboard and the list's counts read instead of scanning every order.
--
-- Running totals are kept by statement-level triggers, in the same transaction as the order
-- write, so every write path (checkout, status change, a bulk COPY of demo orders, a fix made by
-- hand in psql) keeps them exact, and one snapshot sees orders and totals at the same moment.
-- Each trigger upserts its rows in key order, and every write takes its locks in the order
-- orders → order_totals → product_totals, so two writers never wait for each other in a circle.
-- Orders are never deleted by the application; after deleting orders by hand, rebuild the totals
-- with the two INSERT ... SELECT statements below (after emptying both tables).

-- Substring search on order id, customer name and phone (LIKE '%…%' uses these indexes).
-- pg_trgm ships with PostgreSQL and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX orders_order_id_trgm ON orders USING gin (order_id gin_trgm_ops);
CREATE INDEX orders_name_trgm ON orders USING gin (customer_name_folded gin_trgm_ops);
CREATE INDEX orders_phone_trgm ON orders USING gin (phone_e164 gin_trgm_ops);

-- A date filter bounds created_at too and walks the newest-first index (see ZONE_SLACK in
-- adapters/sql/order_rows.py); counts come from order_totals. The order_date index of 002 serves
-- nothing any more and costs every checkout a write.
DROP INDEX orders_order_date;

-- Newest first within one status: a filtered page walks one index, in order. (A payment method
-- is common enough for the newest-first index to find a page quickly.)
CREATE INDEX orders_payment_newest ON orders (payment_status, created_at DESC, id DESC);
CREATE INDEX orders_status_newest ON orders (order_status, created_at DESC, id DESC);
CREATE INDEX orders_delivery_newest ON orders (delivery_status, created_at DESC, id DESC);

-- One row per business day and combination of method and statuses: `orders` of them, worth
-- `amount`. A few hundred rows a year, whatever the number of orders.
CREATE TABLE order_totals (
    order_date date NOT NULL,
    payment_method text NOT NULL,
    payment_status text NOT NULL,
    order_status text NOT NULL,
    delivery_status text NOT NULL,
    orders integer NOT NULL,
    amount numeric NOT NULL,
    PRIMARY KEY (order_date, payment_method, payment_status, order_status, delivery_status)
);

-- Per product, over orders that are not cancelled: quantity sold and revenue. `name` is the
-- snapshot name of the product's most recent order line (named_at, named_order order them),
-- cancelled orders included, so a renamed product shows its latest name.
CREATE TABLE product_totals (
    product_id uuid PRIMARY KEY,
    quantity integer NOT NULL,
    revenue numeric NOT NULL,
    name text NOT NULL,
    named_at timestamptz NOT NULL,
    named_order uuid NOT NULL
);

CREATE INDEX product_totals_top ON product_totals (quantity DESC, revenue DESC, product_id);

INSERT INTO order_totals
SELECT order_date, payment_method, payment_status, order_status, delivery_status,
       count(*), sum(total_amount)
FROM orders
GROUP BY order_date, payment_method, payment_status, order_status, delivery_status;

WITH latest AS (
    SELECT DISTINCT ON (l.product_id) l.product_id, l.name, o.created_at, o.id
    FROM order_lines l JOIN orders o ON o.id = l.order_uuid
    ORDER BY l.product_id, o.created_at DESC, o.id DESC)
INSERT INTO product_totals
SELECT l.product_id,
       coalesce(sum(l.quantity) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
       coalesce(sum(l.quantity * l.unit_price) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
       latest.name, latest.created_at, latest.id
FROM order_lines l
JOIN orders o ON o.id = l.order_uuid
JOIN latest ON latest.product_id = l.product_id
GROUP BY l.product_id, latest.name, latest.created_at, latest.id;

CREATE FUNCTION order_totals_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_totals AS t
    SELECT order_date, payment_method, payment_status, order_status, delivery_status,
           count(*), sum(total_amount)
    FROM added
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (order_date, payment_method, payment_status, order_status, delivery_status)
    DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount;
    RETURN NULL;
END $$;

CREATE TRIGGER order_totals_on_insert AFTER INSERT ON orders
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION order_totals_on_insert();

-- A status change moves the order from one totals row to another; a cancellation also takes its
-- lines out of the product totals (Cancelled is final: that happens once per order).
CREATE FUNCTION order_totals_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH moved AS (
        SELECT b.order_date, b.payment_method, b.total_amount,
               b.payment_status AS old_payment, b.order_status AS old_order,
               b.delivery_status AS old_delivery,
               a.payment_status AS new_payment, a.order_status AS new_order,
               a.delivery_status AS new_delivery
        FROM before_update b JOIN after_update a ON a.id = b.id
        WHERE (b.payment_status, b.order_status, b.delivery_status)
              IS DISTINCT FROM (a.payment_status, a.order_status, a.delivery_status)),
    deltas AS (
        SELECT order_date, payment_method, old_payment AS payment_status,
               old_order AS order_status, old_delivery AS delivery_status,
               -1 AS orders, -total_amount AS amount
        FROM moved
        UNION ALL
        SELECT order_date, payment_method, new_payment, new_order, new_delivery, 1, total_amount
        FROM moved)
    INSERT INTO order_totals AS t
    SELECT order_date, payment_method, payment_status, order_status, delivery_status,
           sum(orders), sum(amount)
    FROM deltas
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (order_date, payment_method, payment_status, order_status, delivery_status)
    DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount;

    INSERT INTO product_totals AS p
    SELECT l.product_id, -sum(l.quantity), -sum(l.quantity * l.unit_price),
           min(l.name), min(a.created_at), min(a.id::text)::uuid
    FROM before_update b
    JOIN after_update a ON a.id = b.id
    JOIN order_lines l ON l.order_uuid = a.id
    WHERE a.order_status = 'Cancelled' AND b.order_status <> 'Cancelled'
    GROUP BY l.product_id
    ORDER BY l.product_id
    ON CONFLICT (product_id)
    DO UPDATE SET quantity = p.quantity + excluded.quantity, revenue = p.revenue + excluded.revenue;
    RETURN NULL;
END $$;

CREATE TRIGGER order_totals_on_update AFTER UPDATE ON orders
REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
FOR EACH STATEMENT EXECUTE FUNCTION order_totals_on_update();

CREATE FUNCTION product_totals_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_totals AS p
    SELECT l.product_id,
           coalesce(sum(l.quantity) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
           coalesce(sum(l.quantity * l.unit_price) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
           (array_agg(l.name ORDER BY o.created_at DESC, o.id DESC))[1],
           max(o.created_at),
           (array_agg(o.id ORDER BY o.created_at DESC, o.id DESC))[1]
    FROM added l JOIN orders o ON o.id = l.order_uuid
    GROUP BY l.product_id
    ORDER BY l.product_id
    ON CONFLICT (product_id) DO UPDATE SET
        quantity = p.quantity + excluded.quantity,
        revenue = p.revenue + excluded.revenue,
        name = CASE WHEN (excluded.named_at, excluded.named_order) > (p.named_at, p.named_order)
                    THEN excluded.name ELSE p.name END,
        named_order = CASE WHEN (excluded.named_at, excluded.named_order)
                                > (p.named_at, p.named_order)
                           THEN excluded.named_order ELSE p.named_order END,
        named_at = greatest(p.named_at, excluded.named_at);
    RETURN NULL;
END $$;

CREATE TRIGGER product_totals_on_insert AFTER INSERT ON order_lines
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION product_totals_on_insert();
