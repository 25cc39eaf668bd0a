-- Carrier promotions shipping keeps in its own data, and the shipment of every confirmed order.
create table carrier_promotions (
  id                uuid        primary key,
  carrier           text        not null,
  region            text        not null,
  discount_percent  integer     not null,
  until             timestamptz not null
);

create index carrier_promotions_region on carrier_promotions (region, until);

create table shipments (
  order_id  uuid        primary key,
  carrier   text        not null,
  region    text        not null,
  status    text        not null,
  at        timestamptz not null
);
