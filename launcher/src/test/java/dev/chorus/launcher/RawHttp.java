package dev.chorus.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends a request exactly as given — a malformed URI, header values of any bytes — on a
 * connection of its own, and reads the status of the answer: what a careless or hostile client sends.
 */
final class RawHttp {

  /** What {@link #status} returns when nothing is answered within the timeout. */
  static final int NO_ANSWER = -1;
  private static final int TIMEOUT_MILLIS = 15_000;

  private RawHttp() {
  }

  /** What a node answered: its status ({@link #NO_ANSWER} when nothing came within the timeout) and body. */
  record Answer(int status, String body) {
  }

  static int status(int port, String method, String uri, Map<String, String> headers, byte[] body) throws IOException {
    return send(port, method, uri, headers, body).status();
  }

  static Answer send(int port, String method, String uri, Map<String, String> headers, byte[] body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method).append(' ').append(uri).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
      .append("\r\nConnection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      request.writeBytes(body);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(request.toByteArray());
      return answer(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new Answer(NO_ANSWER, "");
    }
  }

  /**
   * {@code HTTP/1.x NNN ...}, headers, and the body up to the end of the connection. A request line too long to decode
   * is refused before the node knows the request's version, so that answer comes as HTTP/1.0.
   */
  private static Answer answer(InputStream in) throws IOException {
    String whole = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (!(whole.startsWith("HTTP/1.1 ") || whole.startsWith("HTTP/1.0 ")) || whole.length() < 12) {
      throw new IOException("not an HTTP answer: '" + whole + "'");
    }
    int end = whole.indexOf("\r\n\r\n");
    return new Answer(Integer.parseInt(whole.substring(9, 12)), end < 0 ? "" : whole.substring(end + 4));
  }
}
