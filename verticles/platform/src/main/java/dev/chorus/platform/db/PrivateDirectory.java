package dev.chorus.platform.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * A directory that only this process's user can change, for files the process runs or trusts: the directory itself
 * is owned by the user, not a link, and closed to everyone else (mode 0700); each folder above it is owned by the
 * user or by root and, where others may write to it, has the sticky bit (as {@code /tmp} has), so that no one else
 * can rename or replace what lies below. Checked every time it is used, before anything in it is run.
 */
public final class PrivateDirectory {

  private static final int GROUP_OR_OTHERS = 0077;
  private static final int WRITABLE_BY_GROUP_OR_OTHERS = 0022;
  private static final int STICKY = 01000;
  private static final int ROOT = 0;

  private PrivateDirectory() {
  }

  /**
   * {@code name} in the user's cache ({@code $XDG_CACHE_HOME/chorus}, else {@code ~/.cache/chorus}), made if missing.
   *
   * @throws IOException when it cannot be made, or when someone else could change it, saying what to do
   */
  public static Path userCache(String name) throws IOException {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    Path chorus = of(cache.toAbsolutePath().normalize().resolve("chorus"));
    Path directory = chorus.resolve(name);
    Files.createDirectories(directory);
    return directory;
  }

  /**
   * {@code directory}, made with mode 0700 if missing, once checked.
   *
   * @throws IOException when it cannot be made, or when someone else could change it, saying what to do
   */
  public static Path of(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(directory.getParent());
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(directory + " must be a directory, not a link or a file: remove it");
    }
    UserPrincipal user = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    if (!Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).equals(user)) {
      throw new IOException(directory + " belongs to another user than " + user.getName() + ": remove it, or choose another cache (XDG_CACHE_HOME)");
    }
    int mode = (int) Files.getAttribute(directory, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & GROUP_OR_OTHERS) != 0) {
      throw new IOException(directory + " is open to other users (mode " + Integer.toOctalString(mode & 07777)
        + "), so what runs from it could have been replaced: remove it (it is made again, mode 700)");
    }
    int uid = (int) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    for (Path above = directory.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
      checkAbove(directory, above, uid);
    }
    return directory;
  }

  private static void checkAbove(Path directory, Path above, int uid) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(above, "unix:mode,uid");
    int owner = (int) attributes.get("uid");
    int mode = (int) attributes.get("mode");
    if (owner != ROOT && owner != uid) {
      throw new IOException(directory + " lies in " + above + ", which belongs to another user: choose a cache of your own (XDG_CACHE_HOME)");
    }
    if ((mode & WRITABLE_BY_GROUP_OR_OTHERS) != 0 && (mode & STICKY) == 0) {
      throw new IOException(directory + " lies in " + above + ", which other users may write to (mode " + Integer.toOctalString(mode & 07777)
        + "): choose a cache of your own (XDG_CACHE_HOME)");
    }
  }
}
