package dev.chorus.customers.application;

import dev.chorus.customers.domain.CustomerName;
import dev.chorus.customers.domain.EmailAddress;

import java.util.UUID;

/**
 * A registration request, validated.
 *
 * @param email     the address
 * @param name      the name
 * @param invitedBy the inviting customer's id, or {@code null}
 */
public record Registration(EmailAddress email, CustomerName name, UUID invitedBy) {
}
