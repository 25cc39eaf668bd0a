-- How far each consumer has read each partition of a log, as the (tx_id, position) pair of the last event it processed.
create table checkpoints (
  consumer    text     not null,
  partition   smallint not null,
  tx_id       xid8     not null,
  position    bigint   not null,
  updated_at  timestamptz not null default now(),
  primary key (consumer, partition)
);
