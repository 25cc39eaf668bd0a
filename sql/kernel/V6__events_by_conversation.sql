-- GET /ops/traces/{id}: each context answers for its own log.
-- A conversation's events, by the correlation id in their metadata.
create index events_correlation on events ((metadata->>'correlationId'));
-- The conversation that began a stream, by the id its name ends with ('order-<id>' for an order id): the first event
-- of each stream, its name reversed so that a suffix is a prefix.
create index events_stream_suffix on events (reverse(stream_id) text_pattern_ops) where version = 1;
