-- Every wallet's ledger and balance, written with each wallet event (read-your-writes).
create table wallet_entries (
  customer_id  uuid        not null,
  version      integer     not null,
  kind         text        not null,
  amount       bigint      not null,
  order_id     uuid,
  at           timestamptz not null,
  primary key (customer_id, version)
);

create table wallets (
  customer_id  uuid   primary key,
  balance      bigint not null check (balance >= 0)
);

-- Which wallet paid for an order, to refund it if the order ends badly.
create table order_payments (
  order_id     uuid primary key,
  customer_id  uuid not null
);
