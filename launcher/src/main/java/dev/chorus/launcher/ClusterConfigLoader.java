package dev.chorus.launcher;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Reads the Hazelcast configuration: the given file (XML or YAML), or the bundled loopback one. */
final class ClusterConfigLoader {

  static final String BUNDLED = "cluster-config/loopback.xml";

  private ClusterConfigLoader() {
  }

  static Config load(Optional<Path> file) {
    if (file.isEmpty()) {
      return new ClasspathXmlConfig(BUNDLED);
    }
    Path path = file.get();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException("--cluster-config: cannot read '" + path + "' (no such readable file)");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    try {
      if (!yaml) {
        checkWellFormed(path);
      }
      return yaml ? new FileSystemYamlConfig(path.toFile()) : new FileSystemXmlConfig(path.toFile());
    } catch (FileNotFoundException e) {
      throw new UsageException("--cluster-config: cannot read '" + path + "' (" + e.getMessage() + ")");
    } catch (InvalidConfigurationException | IllegalArgumentException e) {
      throw new UsageException("--cluster-config: '" + path + "' is not a valid Hazelcast configuration: " + firstLine(e));
    }
  }

  /**
   * Whether only processes of this machine can join: members found over TCP-IP at loopback addresses only, no other
   * discovery, and Hazelcast bound to loopback interfaces only (not to every address).
   */
  static boolean loopbackOnly(Config config) {
    if (config.getAdvancedNetworkConfig().isEnabled()) {
      return false;
    }
    NetworkConfig network = config.getNetworkConfig();
    JoinConfig join = network.getJoin();
    boolean otherDiscovery = join.getMulticastConfig().isEnabled() || join.getAutoDetectionConfig().isEnabled()
      || join.getAwsConfig().isEnabled() || join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled()
      || join.getKubernetesConfig().isEnabled() || join.getEurekaConfig().isEnabled()
      || !join.getDiscoveryConfig().getDiscoveryStrategyConfigs().isEmpty();
    boolean boundToLoopback = "false".equals(config.getProperty("hazelcast.socket.bind.any")) && network.getInterfaces().isEnabled()
      && network.getInterfaces().getInterfaces().stream().allMatch(ClusterConfigLoader::loopbackPattern);
    return !otherDiscovery && boundToLoopback && join.getTcpIpConfig().isEnabled()
      && join.getTcpIpConfig().getMembers().stream().allMatch(member -> loopbackPattern(member.replaceFirst(":\\d+$", "")));
  }

  /** {@code 127.0.0.1}, {@code 127.0.0.*}, {@code localhost}: Hazelcast's address patterns that stay on this machine. */
  private static boolean loopbackPattern(String address) {
    String host = address.trim();
    return host.matches("127\\.[0-9*\\-.]+") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
  }

  /** Parses the XML quietly first: the JDK's default parser would print its own complaint to stderr. */
  private static void checkWellFormed(Path path) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      });
      builder.parse(path.toFile());
    } catch (SAXParseException e) {
      throw new UsageException("--cluster-config: '" + path + "' is not well-formed XML (line " + e.getLineNumber() + ": " + e.getMessage() + ")");
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new UsageException("--cluster-config: cannot read '" + path + "' (" + e.getMessage() + ")");
    }
  }

  private static String firstLine(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? e.getMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("").trim();
  }
}
