package dev.chorus.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A secret kept in a file only its owner may read (mode 0600): the embedded database's password, the key that signs
 * tokens, a certificate's private key. Created once, atomically (nodes starting together on one data directory
 * agree on one secret), and refused when others may read it.
 */
final class SecretFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final int RANDOM_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFile() {
  }

  /** The secret in {@code file}, made of 32 random bytes on first use. */
  static String readOrGenerate(Path file) throws IOException {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    writeOnce(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    return read(file);
  }

  /** Writes {@code secret} to {@code file} unless it exists: the first writer wins, and no reader sees half a file. */
  static void writeOnce(Path file, String secret) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".draft",
      PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(draft, secret + "\n", StandardCharsets.UTF_8);
      Files.createLink(file, draft);
    } catch (FileAlreadyExistsException e) {
      // written by another node in the meantime: its secret is the one
    } finally {
      Files.deleteIfExists(draft);
    }
  }

  /**
   * Checks that {@code file} exists and only its owner may read it.
   *
   * @throws UsageException when it does not, or when others may
   */
  static void checkOwnerOnly(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no such file: " + file);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.stream().anyMatch(p -> !OWNER_ONLY.contains(p))) {
      throw new UsageException(file + " may be read by other users (mode " + PosixFilePermissions.toString(permissions) + "): chmod 600 "
        + file);
    }
  }

  /**
   * The secret in {@code file}, its surrounding blanks left out.
   *
   * @throws UsageException when the file is missing, empty, or readable by others than its owner
   */
  static String read(Path file) throws IOException {
    checkOwnerOnly(file);
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (secret.isEmpty()) {
      throw new UsageException(file + " is empty: it should hold a secret");
    }
    return secret;
  }
}
