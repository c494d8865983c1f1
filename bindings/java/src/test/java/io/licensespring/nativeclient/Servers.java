package io.licensespring.nativeclient;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Purpose-built loopback servers for the tests: silent, slow, fixed answers, captured requests. */
final class Servers {
  private Servers() {}

  static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** Accepts connections and never answers; each is held until the client goes away. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final String url;

    Silent() throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      url = url(listener.getLocalPort());
      threads.execute(() -> {
        while (!listener.isClosed()) {
          try {
            Socket s = listener.accept();
            threads.execute(() -> drain(s));
          } catch (IOException closed) {
            return;
          }
        }
      });
    }

    private static void drain(Socket s) {
      try (s; InputStream in = s.getInputStream()) {
        while (in.read(new byte[4096]) >= 0) {
          // never answer
        }
      } catch (IOException gone) {
        // the client dropped the connection
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      threads.shutdownNow();
    }
  }

  /**
   * An HTTP server answering every request with {@code status}, headers and body after {@code
   * delayMs}, on as many threads as requests come in. {@link #requests} records each request's
   * line and body.
   */
  static final class Http implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final String url;

    Http(int status, String body, long delayMs, String... headers) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      server.setExecutor(threads);
      server.createContext("/", exchange -> {
        String in = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + in);
        try {
          TimeUnit.MILLISECONDS.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < headers.length; i += 2) {
          exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
      url = url(server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  /**
   * A TCP proxy in front of {@code target} (host:port) that forwards everything, except that a
   * connection stops being forwarded (and is held open) once the client sends the bytes
   * "stall": a request that never gets an answer while others on the same client do.
   */
  static final class StallingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final String url;

    StallingProxy(String targetUrl) throws IOException {
      String hostPort = targetUrl.replaceFirst("^http://", "");
      String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
      int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      url = url(listener.getLocalPort());
      threads.execute(() -> {
        while (!listener.isClosed()) {
          try {
            Socket client = listener.accept();
            Socket upstream = new Socket(host, port);
            threads.execute(() -> pump(upstream, client, false));
            threads.execute(() -> pump(client, upstream, true));
          } catch (IOException closed) {
            return;
          }
        }
      });
    }

    private static void pump(Socket from, Socket to, boolean mayStall) {
      byte[] buf = new byte[65536];
      boolean stalled = false;
      try (from; to) {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
          stalled |= mayStall && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("stall");
          if (!stalled) {
            out.write(buf, 0, n);
            out.flush();
          }
        }
      } catch (IOException gone) {
        // either side closed
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      threads.shutdownNow();
    }
  }
}
