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

  static int status(int port, String method, String uri, Map<String, String> headers, byte[] body) throws IOException {
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
      return statusOf(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return NO_ANSWER;
    }
  }

  /** The status code of {@code HTTP/1.1 NNN ...}. */
  private static int statusOf(InputStream answer) throws IOException {
    byte[] line = new byte[12];
    int read = 0;
    while (read < line.length) {
      int n = answer.read(line, read, line.length - read);
      if (n < 0) {
        throw new IOException("the node closed the connection after " + read + " bytes of an answer");
      }
      read += n;
    }
    return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
  }
}
