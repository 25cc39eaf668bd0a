-- The latest snapshot of a stream's state, taken every N events; loading reads it and the events after it.
create table snapshots (
  stream_id  text        primary key,
  version    integer     not null,
  schema     text        not null,
  state      jsonb       not null,
  taken_at   timestamptz not null default now()
);

-- The first outcome of every command that carried an id (an Idempotency-Key): a retry returns it and appends nothing.
create table command_outcomes (
  command_id    uuid        primary key,
  stream_id     text        not null,
  request_hash  text        not null,
  outcome       jsonb       not null,
  recorded_at   timestamptz not null default now()
);
