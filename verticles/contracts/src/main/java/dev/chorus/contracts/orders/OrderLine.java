package dev.chorus.contracts.orders;

/**
 * One line of an order.
 *
 * @param sku       the product
 * @param quantity  how many
 * @param unitPrice the price per unit the order was placed at, minor units
 */
public record OrderLine(String sku, long quantity, long unitPrice) {
}
