-- Consumer side: one row per subscription and partition of its source log. The owner holds the lease;
-- every acquisition bumps the epoch, and a checkpoint is written only with the current epoch: a node that
-- lost its lease can never commit (fencing).
create table subscription_partitions (
  subscription  text        not null,
  partition     smallint    not null,
  owner         text,
  epoch         bigint      not null default 0,
  tx_id         xid8        not null default '0',
  position      bigint      not null default 0,
  updated_at    timestamptz not null default now(),
  primary key (subscription, partition)
);

-- Events a subscription has processed, by id: written in the same transaction as their effects.
create table inbox (
  subscription  text        not null,
  event_id      uuid        not null,
  processed_at  timestamptz not null default now(),
  primary key (subscription, event_id)
);

-- Events whose processing failed N times, and the later events of the same stream that wait behind them.
-- The subscription's checkpoint moves on; these are processed in order when the parked one is retried.
create table parked_events (
  subscription  text        not null,
  event_id      uuid        not null,
  stream_id     text        not null,
  partition     smallint    not null,
  position      bigint      not null,
  status        text        not null check (status in ('parked', 'waiting')),
  event         jsonb       not null,
  attempts      integer     not null,
  last_error    text,
  parked_at     timestamptz not null default now(),
  primary key (subscription, event_id)
);

create index parked_events_stream on parked_events (subscription, stream_id, position);
