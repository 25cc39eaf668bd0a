-- Every product's stock levels, written with each of its stock events (read-your-writes).
create table products (
  sku        text    primary key,
  name       text    not null,
  price      bigint  not null,
  initial    bigint  not null,
  restocked  bigint  not null,
  available  bigint  not null check (available >= 0),
  reserved   bigint  not null check (reserved >= 0),
  sold       bigint  not null check (sold >= 0)
);

-- The lines an order reserved, kept to release or commit them when the order ends.
create table reservation_lines (
  order_id  uuid   not null,
  sku       text   not null,
  quantity  bigint not null,
  primary key (order_id, sku)
);
