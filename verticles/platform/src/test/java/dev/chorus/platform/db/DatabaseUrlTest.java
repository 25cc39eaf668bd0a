package dev.chorus.platform.db;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

  @Test
  @DisplayName("a full URL yields host, port, database, user, password and TLS mode")
  void parsesAFullUrl() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss@db.example:6543/shop?sslmode=require");

    assertThat(url).isEqualTo(new DatabaseUrl("db.example", 6543, "shop", "app", "p@ss", SslMode.REQUIRE));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/shop");
    assertThat(url.jdbcProperties()).containsEntry("user", "app").containsEntry("password", "p@ss").containsEntry("sslmode", "require");
    PgConnectOptions options = url.connectOptions();
    assertThat(options.getHost()).isEqualTo("db.example");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getPassword()).isEqualTo("p@ss");
  }

  @Test
  @DisplayName("an encrypted connection trusts the server's certificate without verifying it; a plain one has no TLS options")
  void encryptsWithoutVerifying() {
    assertThat(DatabaseUrl.parse("postgresql://h/d?sslmode=require").connectOptions().getSslOptions().isTrustAll()).isTrue();
    assertThat(DatabaseUrl.parse("postgresql://h/d?sslmode=prefer").connectOptions().getSslOptions().isTrustAll()).isTrue();
    assertThat(DatabaseUrl.parse("postgresql://h/d").connectOptions().getSslOptions()).isNull();
  }

  @Test
  @DisplayName("missing parts take PostgreSQL's defaults: port 5432, user postgres, database named as the user")
  void defaults() {
    assertThat(DatabaseUrl.parse("postgres://localhost")).isEqualTo(new DatabaseUrl("localhost", 5432, "postgres", "postgres", null, SslMode.DISABLE));
    assertThat(DatabaseUrl.parse("postgresql://app@localhost").database()).isEqualTo("app");
  }

  @Test
  @DisplayName("the printed form never shows the password")
  void redactsThePassword() {
    assertThat(DatabaseUrl.parse("postgresql://app:secret@h:1/d").toString()).isEqualTo("postgresql://app@h:1/d");
  }

  @Test
  @DisplayName("malformed URLs are refused with a reason and without echoing the password")
  void refusesMalformedUrls() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/d"))
      .hasMessage("'mysql://u:***@h/d' is not a postgresql:// URL");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///d"))
      .hasMessageContaining("names no host");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/d?ssl=true"))
      .hasMessageContaining("unsupported parameter 'ssl'");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/d?sslmode=sometimes"))
      .hasMessageContaining("unknown sslmode 'sometimes' (disable, allow, prefer or require)");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h/d?sslmode=verify-full"))
      .hasMessage("'postgresql://u:***@h/d?sslmode=verify-full' has sslmode verify-full, which needs a root certificate that no option"
        + " names (require encrypts without verifying the server's certificate)");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/d?sslmode=verify-ca"))
      .hasMessageContaining("has sslmode verify-ca, which needs a root certificate");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:99999/d"))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatabaseUrl.parse("not a url"))
      .hasMessageStartingWith("it is not a URL");
  }

  @Test
  void aMalformedUrlNeverShowsItsPassword() {
    for (String malformed : List.of("postgresql://u:s3cret pass@h/d", "postgresql://u:s3cret@h:port/d", "postgresql://u:s3cret@/d",
      "mysql://u:s3cret@h/d", "postgresql://u:s3cret@h/a/b", "postgresql://u:s3cret@h/d?x=1", "postgresql://u:s3cret@h/d?sslmode=x",
      "postgresql://u:s3cret@h:99999/d", "postgresql://u:s3cret@h/d#frag ment", "postgresql://u:s3cret%@h/d")) {
      assertThatThrownBy(() -> DatabaseUrl.parse(malformed)).as(malformed)
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
  }
}
