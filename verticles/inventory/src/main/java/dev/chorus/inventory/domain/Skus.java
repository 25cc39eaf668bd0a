package dev.chorus.inventory.domain;

/** Each product is one stream, named after its sku ({@link dev.chorus.contracts.inventory.Sku}). */
public final class Skus {

  private Skus() {
  }

  public static String stream(String sku) {
    return "sku-" + sku;
  }
}
