package dev.chorus.platform.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrivateDirectoryTest {

  @TempDir
  Path work;

  @Test
  @DisplayName("a missing directory is made closed to everyone else (700), and taken as it is the next time")
  void madeClosed() throws IOException {
    Path made = PrivateDirectory.of(work.resolve("cache"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
    assertThat(PrivateDirectory.of(made)).isEqualTo(made);
  }

  @Test
  @DisplayName("a directory open to others, even only to read, is refused: what runs from it could have been replaced")
  void openDirectoryRefused() throws IOException {
    for (String mode : new String[] {"rwxrwxrwx", "rwx---rwx", "rwxrwx---", "rwxr-xr-x"}) {
      Path open = Files.createDirectories(work.resolve(mode));
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString(mode));

      assertThatThrownBy(() -> PrivateDirectory.of(open)).as(mode).isInstanceOf(IOException.class)
        .hasMessageContaining("is open to other users").hasMessageContaining("remove it");
    }
  }

  @Test
  @DisplayName("a link, or a directory inside a folder others may write to without the sticky bit, is refused")
  void linksAndUnsafeParentsRefused() throws IOException {
    Path target = PrivateDirectory.of(work.resolve("target"));
    Path link = Files.createSymbolicLink(work.resolve("link"), target);
    assertThatThrownBy(() -> PrivateDirectory.of(link)).hasMessageContaining("must be a directory, not a link");

    Path shared = Files.createDirectories(work.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> PrivateDirectory.of(shared.resolve("cache"))).hasMessageContaining("which other users may write to (mode 777)");

    Path team = Files.createDirectories(work.resolve("team"));
    Files.setPosixFilePermissions(team, PosixFilePermissions.fromString("rwxrwx---"));
    assertThatThrownBy(() -> PrivateDirectory.of(team.resolve("cache"))).as("a folder its group may write to")
      .hasMessageContaining("which other users may write to (mode 770)");

    Files.setAttribute(shared, "unix:mode", 01777);
    assertThat(PrivateDirectory.of(shared.resolve("sticky"))).as("a folder like /tmp, with the sticky bit").isDirectory();
  }

  @Test
  @DisplayName("a directory inside a folder that belongs to another user (neither this one nor root) is refused")
  void foreignParentRefused() throws IOException {
    assumeTrue((int) Files.getAttribute(work, "unix:uid") == 0, "only root can give a folder to another user");
    Path foreign = Files.createDirectories(work.resolve("foreign"));
    Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(foreign, "unix:uid", 4242);

    assertThatThrownBy(() -> PrivateDirectory.of(foreign.resolve("cache"))).hasMessageContaining("which belongs to another user");
  }
}
