-- Which nodes reach this context's database: each node running a subscription records itself here every two seconds.
-- A lease held by a node seen within the last seconds is not taken by a node that does not see it in its cluster
-- (a network partition): the two sides keep their own partitions instead of fencing each other in turn.
-- Unlogged: presence is worth nothing after a crash, and not worth a WAL write a second.
create unlogged table subscription_nodes (
  node     text        primary key,
  seen_at  timestamptz not null
);
