-- The context's event log: the source of truth and the outbox in one table.
-- Readers follow it gap-safely in (tx_id, position) order (see docs/decisions/0006).
create table events (
  position     bigint generated always as identity primary key,
  stream_id    text        not null,
  version      integer     not null check (version > 0),
  event_id     uuid        not null unique,
  type         text        not null,
  payload      jsonb       not null,
  metadata     jsonb       not null default '{}',
  partition    smallint    not null check (partition >= 0),
  tx_id        xid8        not null default pg_current_xact_id(),
  recorded_at  timestamptz not null default now(),
  constraint events_stream_version unique (stream_id, version)
);

-- Partitioned, gap-safe reading: where partition = $1 and (tx_id, position) > ($2, $3) order by tx_id, position.
create index events_partition_read_order on events (partition, tx_id, position);
