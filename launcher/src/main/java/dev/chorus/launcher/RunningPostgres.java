package dev.chorus.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server found running on a data directory, read from its {@code postmaster.pid}
 * (line 1: pid, line 4: port, line 8: status).
 *
 * @param pid  the postmaster's process id
 * @param port the port it listens on
 */
record RunningPostgres(long pid, int port) {

  static Optional<RunningPostgres> find(Path pgData) {
    List<String> lines;
    try {
      lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (lines.size() < 8 || !lines.get(7).trim().equals("ready")) {
      return Optional.empty();
    }
    try {
      RunningPostgres server = new RunningPostgres(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
      return server.answers() ? Optional.of(server) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private boolean answers() {
    if (!alive()) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
