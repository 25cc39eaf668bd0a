-- Each customer's points, kept in the transaction of every PointsEarned.
create table balances (
  customer_id uuid primary key,
  points      bigint not null check (points >= 0)
);
