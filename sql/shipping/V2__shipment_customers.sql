-- Whose order each shipment is, so that a customer reads only its own; null for shipments scheduled before.
alter table shipments add column customer_id uuid;
