-- Every product's base and current price, written with each pricing event.
create table prices (
  sku            text   primary key,
  base_price     bigint not null,
  current_price  bigint not null
);
