package dev.chorus.inventory.domain;

import java.util.regex.Pattern;

/** Stock-keeping units: 1 to 64 letters, digits, '-' and '_'; each product is one stream. */
public final class Skus {

  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Skus() {
  }

  public static boolean valid(String sku) {
    return sku != null && SHAPE.matcher(sku).matches();
  }

  public static String stream(String sku) {
    return "sku-" + sku;
  }
}
