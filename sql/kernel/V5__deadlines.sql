-- Durable deadlines: due times a context must act on even if the node that set them died. The node that owns
-- the deadline's partition (of the context's own log) fires it.
create table deadlines (
  id        text        primary key,
  partition smallint    not null,
  due_at    timestamptz not null,
  payload   jsonb       not null default '{}'
);

create index deadlines_due on deadlines (partition, due_at);
