-- The customer directory: one row per registered customer, written in the registration's own transaction
-- (right after its append), so that a registered customer can be read back at once.
create table customers (
  id             uuid        primary key,
  email          text        not null,
  name           text        not null,
  invited_by     uuid,
  registered_at  timestamptz not null
);

create index customers_invited_by on customers (invited_by) where invited_by is not null;

-- E-mail addresses in use, compared case-insensitively: the reservation that makes registration
-- set-unique. Written in the registration's transaction; a taken address refuses the registration.
create table email_reservations (
  email_key    text primary key,
  customer_id  uuid not null
);
