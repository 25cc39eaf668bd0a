package dev.chorus.customers.domain;

/** What can be asked of a customer. */
public sealed interface CustomerCommand permits RegisterCustomer {
}
