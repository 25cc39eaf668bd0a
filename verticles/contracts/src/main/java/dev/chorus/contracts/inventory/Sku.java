package dev.chorus.contracts.inventory;

import java.util.regex.Pattern;

/** A product's stock-keeping unit, as every context that names products takes it: 1 to 64 letters, digits, '-' and '_'. */
public final class Sku {

  /** The shape in words, for a refusal. */
  public static final String SHAPE = "1 to 64 letters, digits, '-' or '_'";
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Sku() {
  }

  public static boolean valid(String sku) {
    return sku != null && PATTERN.matcher(sku).matches();
  }
}
