-- Orders and their status history, written with each order event (read-your-writes).
create table orders (
  id           uuid        primary key,
  customer_id  uuid        not null,
  status       text        not null,
  reason       text,
  total        bigint      not null,
  region       text        not null,
  placed_at    timestamptz not null,
  updated_at   timestamptz not null
);

create index orders_customer on orders (customer_id, placed_at, id);
create index orders_status on orders (status, placed_at, id);
create index orders_total on orders (total, placed_at, id);

create table order_lines (
  order_id    uuid   not null,
  line        int    not null,
  sku         text   not null,
  quantity    bigint not null,
  unit_price  bigint not null,
  primary key (order_id, line)
);

create table order_history (
  order_id  uuid        not null,
  seq       int         not null,
  status    text        not null,
  reason    text,
  at        timestamptz not null,
  primary key (order_id, seq)
);

-- What orders knows of the catalogue, from other contexts' events: products, stock seen so far, prices.
create table catalogue (
  sku          text   primary key,
  name         text,
  list_price   bigint,
  price        bigint,
  available    bigint
);
