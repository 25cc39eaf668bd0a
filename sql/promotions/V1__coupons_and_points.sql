-- Read models of the promotions log, built by the promotions.views projection (replayable).
create table coupons (
  code         text        primary key,
  customer_id  uuid        not null,
  kind         text        not null,
  amount       bigint      not null,
  issued_at    timestamptz not null
);

create index coupons_customer on coupons (customer_id, issued_at);

-- One row per invitee a customer earned points for.
create table points_entries (
  customer_id  uuid        not null,
  invitee      uuid        not null,
  points       integer     not null,
  awarded_at   timestamptz not null,
  primary key (customer_id, invitee)
);
