package dev.chorus.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.json.JsonObject;

/** Tokens with any claims at all, well formed or not, signed as a cluster's key signs: what only a holder of the key can make. */
final class SignedTokens {

  private SignedTokens() {
  }

  static String hs256(String key, JsonObject claims) {
    try {
      JWSObject token = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claims.encode()));
      token.sign(new MACSigner(key));
      return token.serialize();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }
}
