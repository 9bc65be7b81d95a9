-- The admin order screens: indexes for the filtered list, its search and the export, and running totals that
-- the dashboard and the list's counts read instead of scanning every order.
--
-- Running totals are kept by triggers, in the same transaction as the order write, so every
-- write path (checkout, status change, bulk demo orders, a fix made by hand in the sqlite3 shell)
-- keeps them exact, and a read transaction sees orders and totals at the same moment.
-- Orders are never deleted by the application; after deleting orders by hand, rebuild the totals
-- with the two INSERT ... SELECT statements below (after emptying both tables).

-- A date filter bounds created_at too and walks the newest-first index (see ZONE_SLACK in
-- adapters/sql/order_rows.py); counts come from order_totals. The order_date index of 002 serves
-- nothing any more and costs every checkout a write.
DROP INDEX orders_order_date;

-- Newest first within one status: a filtered page walks one index, in order. (A payment method
-- is common enough for the newest-first index to find a page quickly.)
CREATE INDEX orders_payment_newest ON orders (payment_status, created_at DESC, id DESC);
CREATE INDEX orders_status_newest ON orders (order_status, created_at DESC, id DESC);
CREATE INDEX orders_delivery_newest ON orders (delivery_status, created_at DESC, id DESC);
-- Substring search on order id, customer name and phone: an FTS5 index of trigrams (SQLite has no
-- trigram B-tree). It only narrows the candidates; the exact instr() test still decides, so its
-- case folding never changes a result. Terms under 3 characters fall back to scanning the table.
CREATE VIRTUAL TABLE orders_text USING fts5(
    order_id, customer_name_folded, phone_e164,
    content = 'orders', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO orders_text (orders_text) VALUES ('rebuild');

CREATE TRIGGER orders_text_on_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO orders_text (rowid, order_id, customer_name_folded, phone_e164)
    VALUES (NEW.rowid, NEW.order_id, NEW.customer_name_folded, NEW.phone_e164);
END;

-- The application never changes or deletes these columns; a fix by hand stays searchable.
CREATE TRIGGER orders_text_on_change AFTER UPDATE OF order_id, customer_name_folded, phone_e164
ON orders
BEGIN
    INSERT INTO orders_text (orders_text, rowid, order_id, customer_name_folded, phone_e164)
    VALUES ('delete', OLD.rowid, OLD.order_id, OLD.customer_name_folded, OLD.phone_e164);
    INSERT INTO orders_text (rowid, order_id, customer_name_folded, phone_e164)
    VALUES (NEW.rowid, NEW.order_id, NEW.customer_name_folded, NEW.phone_e164);
END;

CREATE TRIGGER orders_text_on_delete AFTER DELETE ON orders
BEGIN
    INSERT INTO orders_text (orders_text, rowid, order_id, customer_name_folded, phone_e164)
    VALUES ('delete', OLD.rowid, OLD.order_id, OLD.customer_name_folded, OLD.phone_e164);
END;

-- One row per business day and combination of method and statuses: `orders` of them, worth
-- `amount` paisa. A few hundred rows a year, whatever the number of orders.
CREATE TABLE order_totals (
    order_date TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    order_status TEXT NOT NULL,
    delivery_status TEXT NOT NULL,
    orders INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (order_date, payment_method, payment_status, order_status, delivery_status)
) STRICT, WITHOUT ROWID;

-- Per product, over orders that are not cancelled: quantity sold and revenue (paisa). `name` is
-- the snapshot name of the product's most recent order line (named_at, named_order order them),
-- cancelled orders included, so a renamed product shows its latest name.
CREATE TABLE product_totals (
    product_id TEXT PRIMARY KEY,
    quantity INTEGER NOT NULL,
    revenue INTEGER NOT NULL,
    name TEXT NOT NULL,
    named_at TEXT NOT NULL,
    named_order TEXT NOT NULL
) STRICT;

CREATE INDEX product_totals_top ON product_totals (quantity DESC, revenue DESC, product_id);

INSERT INTO order_totals
SELECT order_date, payment_method, payment_status, order_status, delivery_status,
       count(*), sum(total_amount)
FROM orders
GROUP BY order_date, payment_method, payment_status, order_status, delivery_status;

WITH latest AS (
    SELECT product_id, name, created_at, id FROM (
        SELECT l.product_id, l.name, o.created_at, o.id,
               row_number() OVER (PARTITION BY l.product_id ORDER BY o.created_at DESC, o.id DESC)
                   AS rank
        FROM order_lines l JOIN orders o ON o.id = l.order_uuid)
    WHERE rank = 1)
INSERT INTO product_totals
SELECT l.product_id,
       coalesce(sum(l.quantity) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
       coalesce(sum(l.quantity * l.unit_price) FILTER (WHERE o.order_status <> 'Cancelled'), 0),
       latest.name, latest.created_at, latest.id
FROM order_lines l
JOIN orders o ON o.id = l.order_uuid
JOIN latest ON latest.product_id = l.product_id
GROUP BY l.product_id, latest.name, latest.created_at, latest.id;

CREATE TRIGGER order_totals_on_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO order_totals
    VALUES (NEW.order_date, NEW.payment_method, NEW.payment_status, NEW.order_status,
            NEW.delivery_status, 1, NEW.total_amount)
    ON CONFLICT (order_date, payment_method, payment_status, order_status, delivery_status)
    DO UPDATE SET orders = orders + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER order_totals_on_status AFTER UPDATE OF payment_status, order_status, delivery_status
ON orders
WHEN OLD.payment_status <> NEW.payment_status OR OLD.order_status <> NEW.order_status
     OR OLD.delivery_status <> NEW.delivery_status
BEGIN
    UPDATE order_totals SET orders = orders - 1, amount = amount - OLD.total_amount
    WHERE order_date = OLD.order_date AND payment_method = OLD.payment_method
      AND payment_status = OLD.payment_status AND order_status = OLD.order_status
      AND delivery_status = OLD.delivery_status;
    INSERT INTO order_totals
    VALUES (NEW.order_date, NEW.payment_method, NEW.payment_status, NEW.order_status,
            NEW.delivery_status, 1, NEW.total_amount)
    ON CONFLICT (order_date, payment_method, payment_status, order_status, delivery_status)
    DO UPDATE SET orders = orders + 1, amount = amount + excluded.amount;
END;

-- Cancelled is final, so an order leaves the product totals once and never comes back.
CREATE TRIGGER product_totals_on_cancel AFTER UPDATE OF order_status ON orders
WHEN NEW.order_status = 'Cancelled' AND OLD.order_status <> 'Cancelled'
BEGIN
    UPDATE product_totals
    SET quantity = quantity - (SELECT sum(quantity) FROM order_lines
                               WHERE order_uuid = NEW.id AND product_id = product_totals.product_id),
        revenue = revenue - (SELECT sum(quantity * unit_price) FROM order_lines
                             WHERE order_uuid = NEW.id AND product_id = product_totals.product_id)
    WHERE product_id IN (SELECT product_id FROM order_lines WHERE order_uuid = NEW.id);
END;

CREATE TRIGGER product_totals_on_line AFTER INSERT ON order_lines
BEGIN
    INSERT INTO product_totals
    SELECT NEW.product_id,
           CASE WHEN o.order_status = 'Cancelled' THEN 0 ELSE NEW.quantity END,
           CASE WHEN o.order_status = 'Cancelled' THEN 0 ELSE NEW.quantity * NEW.unit_price END,
           NEW.name, o.created_at, o.id
    FROM orders o WHERE o.id = NEW.order_uuid
    ON CONFLICT (product_id) DO UPDATE SET
        quantity = quantity + excluded.quantity,
        revenue = revenue + excluded.revenue,
        name = CASE WHEN (excluded.named_at, excluded.named_order) > (named_at, named_order)
                    THEN excluded.name ELSE name END,
        named_order = CASE WHEN (excluded.named_at, excluded.named_order) > (named_at, named_order)
                           THEN excluded.named_order ELSE named_order END,
        named_at = max(named_at, excluded.named_at);
END;
