package dev.chorus.platform.db;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where a PostgreSQL server is, parsed once from a {@code postgresql://user:password@host:port/database} URL.
 * The password never appears in {@link #toString()}.
 * <p>
 * {@code sslmode} is {@code disable} (the default), {@code allow}, {@code prefer} or {@code require}: like libpq and
 * the JDBC driver without a root certificate, an encrypted connection does not verify the server's certificate.
 * {@code verify-ca} and {@code verify-full} are refused, since no option names a root certificate.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, SslMode sslMode) {

  private static final int DEFAULT_PORT = 5432;
  /** Longest statement a session keeps prepared: every statement of the kernel and the contexts is shorter. */
  private static final int PREPARED_SQL_LIMIT = 16_384;
  /**
   * Every session is bounded in time, whatever the server's defaults: a node paused or cut off in the middle of a
   * transaction holds the log's gap-safe readers back for at most the idle timeout, a statement or a lock wait
   * cannot run forever, and the server drops a client whose host is gone within about 25 s (TCP keepalives).
   */
  private static final Map<String, String> SESSION_LIMITS = Map.of(
    "idle_in_transaction_session_timeout", "15s",
    "statement_timeout", "60s",
    "lock_timeout", "15s",
    "tcp_keepalives_idle", "10",
    "tcp_keepalives_interval", "5",
    "tcp_keepalives_count", "3");

  public DatabaseUrl {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a database host is required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the database port must be between 1 and 65535");
    }
  }

  /**
   * Parses a URL such as {@code postgresql://app:secret@db.example:5432/shop?sslmode=require}.
   *
   * @throws IllegalArgumentException with a message fit to show a user
   */
  public static DatabaseUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("it is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw new IllegalArgumentException("'" + redact(text) + "' is not a postgresql:// URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + redact(text) + "' names no host (expected postgresql://user:password@host:port/database)");
    }
    String user = "postgres";
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = path.length() > 1 ? decode(path.substring(1)) : user;
    if (database.contains("/")) {
      throw new IllegalArgumentException("'" + redact(text) + "' has a database name with '/' in it");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new DatabaseUrl(uri.getHost(), port, database, user, password, sslMode(uri.getRawQuery(), text));
  }

  /** A server on this machine that trusts local connections (a test's). */
  public static DatabaseUrl local(int port, String database) {
    return local(port, database, null);
  }

  /** A server on this machine, as its superuser with {@code password}. */
  public static DatabaseUrl local(int port, String database, String password) {
    return new DatabaseUrl("localhost", port, database, "postgres", password, SslMode.DISABLE);
  }

  public DatabaseUrl withPassword(String otherPassword) {
    return new DatabaseUrl(host, port, database, user, otherPassword, sslMode);
  }

  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(host, port, otherDatabase, user, password, sslMode);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Credentials and TLS settings for the JDBC driver, kept out of the URL so that no secret is logged with it. */
  public Properties jdbcProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("sslmode", sslMode.value);
    properties.setProperty("ApplicationName", "chorus");
    return properties;
  }

  /**
   * How connections treat a server that vanished (a cut link, a host powered off): a statement sent to it fails once 5 s
   * pass without its data acknowledged, and a connection attempt gives up after 5 s — so that a node cut off from its
   * database answers 503 within seconds instead of holding requests for the kernel's retransmissions (a quarter of an
   * hour), and its connections are new, not stuck, when the link heals. A statement the server acknowledged before the
   * link went silent waits for its caller's own limit (a request's 10 s, a subscription's step). The user timeout needs
   * Linux's native transport (a node uses it on x86-64 and aarch64); elsewhere the kernel's own limits apply.
   */
  public static NetClientOptions transport() {
    return new NetClientOptions().setTcpKeepAlive(true).setTcpUserTimeout(5_000).setConnectTimeout(5_000);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
      .setHost(host)
      .setPort(port)
      .setDatabase(database)
      .setUser(user)
      .setSslMode(sslMode)
      .setPipeliningLimit(256)
      // Named statements, parsed and planned once per connection: the log's statements plan in ~1 ms.
      .setCachePreparedStatements(true)
      // Whatever their length: the client caches only statements under 2,048 characters unless told, and the log's
      // gap-safe read (2,059) was parsed and planned at every read — 1.6 ms of the server's time against 0.2 ms
      // to run it, a quarter of its CPU under the order flow.
      .setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT);
    if (password != null) {
      options.setPassword(password);
    }
    if (sslMode != SslMode.DISABLE) {
      options.setSslOptions(new ClientSSLOptions().setTrustAll(true));
    }
    options.getProperties().put("application_name", "chorus");
    SESSION_LIMITS.forEach(options.getProperties()::put);
    // Every statement is prepared once per connection; left to choose, the server re-planned those with array
    // parameters at every execution (a custom plan looks cheaper than a generic one that assumes 100 elements):
    // a quarter of its CPU under the order flow went to planning.
    options.getProperties().put("plan_cache_mode", "force_generic_plan");
    return options;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static SslMode sslMode(String rawQuery, String text) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return SslMode.DISABLE;
    }
    SslMode mode = SslMode.DISABLE;
    for (String pair : rawQuery.split("&")) {
      String[] kv = pair.split("=", 2);
      if (!kv[0].equals("sslmode") || kv.length != 2) {
        throw new IllegalArgumentException("'" + redact(text) + "' has an unsupported parameter '" + kv[0] + "' (only sslmode is understood)");
      }
      try {
        mode = SslMode.of(decode(kv[1]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + redact(text) + "' has an unknown sslmode '" + kv[1] + "' (disable, allow, prefer or require)");
      }
      if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
        throw new IllegalArgumentException("'" + redact(text) + "' has sslmode " + kv[1] + ", which needs a root certificate that no option"
          + " names (require encrypts without verifying the server's certificate)");
      }
    }
    return mode;
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String redact(String text) {
    return text.replaceFirst("(//[^:/@]*):[^@/]*@", "$1:***@");
  }
}
