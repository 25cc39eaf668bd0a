package dev.chorus.launcher;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A cluster's certificate authority and the node certificates it signs (EC P-256, SHA-256), written as PEM: the CA's
 * certificate and key ({@code ca.pem}, {@code ca-key.pem}) and, per node, a directory that {@code --cluster-tls} takes
 * ({@code ca.pem}, {@code node.pem}, {@code node-key.pem}). Keys are written readable by their owner only.
 */
final class ClusterCertificates {

  static final String CA_KEY = "ca-key.pem";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration NODE_VALIDITY = Duration.ofDays(825);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate ca;
  private final PrivateKey caKey;

  private ClusterCertificates(X509Certificate ca, PrivateKey caKey) {
    this.ca = ca;
    this.caKey = caKey;
  }

  /** Makes a new CA in {@code dir}; refuses to replace one. */
  static ClusterCertificates createAuthority(Path dir) throws IOException, GeneralSecurityException {
    if (Files.exists(dir.resolve(CA_KEY))) {
      throw new UsageException("cluster-tls: " + dir + " holds a CA already; issue more node certificates with: cluster-tls add "
        + dir + " NAME");
    }
    KeyPair keys = keyPair();
    X500Name name = new X500Name("CN=Chorus cluster CA " + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
    X509Certificate ca = sign(new JcaX509v3CertificateBuilder(name, serial(), now(), until(CA_VALIDITY), name, keys.getPublic())
      .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
      .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys.getPrivate());
    Files.createDirectories(dir);
    SecretFile.writeOnce(dir.resolve(CA_KEY), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(dir.resolve(ClusterTls.CA), pem("CERTIFICATE", ca.getEncoded()) + "\n");
    return new ClusterCertificates(ca, keys.getPrivate());
  }

  /** The CA kept in {@code dir}. */
  static ClusterCertificates readAuthority(Path dir) throws IOException, GeneralSecurityException {
    SecretFile.checkOwnerOnly(dir.resolve(CA_KEY));
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
      .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(ClusterTls.CA))));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(dir.resolve(CA_KEY)))));
    return new ClusterCertificates(ca, key);
  }

  /** Signs a certificate for the node {@code name} into {@code dir/name}, a directory {@code --cluster-tls} takes. */
  Path issue(Path dir, String name) throws IOException, GeneralSecurityException {
    Path node = dir.resolve(name);
    if (Files.exists(node.resolve(ClusterTls.KEY))) {
      throw new UsageException("cluster-tls: " + node + " holds a node certificate already");
    }
    KeyPair keys = keyPair();
    X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(ca, serial(), now(), until(NODE_VALIDITY),
      new X500Name("CN=" + name), keys.getPublic())
      .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
      .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
      .addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})), caKey);
    Files.createDirectories(node);
    SecretFile.writeOnce(node.resolve(ClusterTls.KEY), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(node.resolve(ClusterTls.CERTIFICATE), pem("CERTIFICATE", certificate.getEncoded()) + "\n");
    Files.writeString(node.resolve(ClusterTls.CA), pem("CERTIFICATE", ca.getEncoded()) + "\n");
    return node;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }

  private static Date now() {
    return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static Date until(Duration validity) {
    return Date.from(Instant.now().plus(validity));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----";
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }
}
