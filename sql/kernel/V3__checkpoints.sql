-- How far a reader has read each partition of a log, as the (tx_id, position) of the last event it processed.
-- (Subscriptions keep theirs with their leases, in subscription_partitions.)
create table checkpoints (
  consumer    text     not null,
  partition   smallint not null,
  tx_id       xid8     not null,
  position    bigint   not null,
  updated_at  timestamptz not null default now(),
  primary key (consumer, partition)
);
