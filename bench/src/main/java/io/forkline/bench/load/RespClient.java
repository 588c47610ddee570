package io.forkline.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking RESP2 connection for control traffic (INFO, CONFIG, BGSAVE, PING): one command, one
 * decoded reply. Not for load; see {@link LoadGenerator}. One thread at a time.
 */
public final class RespClient implements AutoCloseable {

    /** A decoded reply. */
    public sealed interface Reply {

        /** The reply as text: a status or bulk's content, an integer's digits, an error's line; arrays joined by newlines. */
        String text();

        default boolean isError() {
            return this instanceof Error;
        }
    }

    public record Status(String text) implements Reply {
    }

    public record Error(String text) implements Reply {
    }

    public record Integer(long value) implements Reply {
        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    public record Bulk(byte[] bytes) implements Reply {
        @Override
        public String text() {
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }

        public boolean isNull() {
            return bytes == null;
        }
    }

    public record Array(List<Reply> items) implements Reply {
        @Override
        public String text() {
            StringBuilder out = new StringBuilder();
            for (Reply item : items) {
                out.append(out.isEmpty() ? "" : "\n").append(item.text());
            }
            return out.toString();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(InetSocketAddress address, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Connects, retrying for up to {@code waitMillis} while the server is still starting (connection refused). */
    public static RespClient connectWhenReady(InetSocketAddress address, int timeoutMillis, long waitMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            try {
                return new RespClient(address, timeoutMillis);
            } catch (java.net.ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Sets how long a reply may take before {@link java.net.SocketTimeoutException}. */
    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public Reply call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Sends a command without reading its reply. */
    public void send(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(b);
            bytes.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    /** Reads one reply. */
    public Reply read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        String line = line();
        return switch (type) {
            case '+' -> new Status(line);
            case '-' -> new Error(line);
            case ':' -> new Integer(Long.parseLong(line));
            case '$' -> bulk(Long.parseLong(line));
            case '*' -> {
                long count = Long.parseLong(line);
                List<Reply> items = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    items.add(read());
                }
                yield count < 0 ? new Bulk(null) : new Array(items);
            }
            default -> throw new IOException("protocol error: unexpected reply type byte 0x" + java.lang.Integer.toHexString(type));
        };
    }

    /** INFO [section]: every {@code field:value} line, in order. */
    public Map<String, String> info(String... sections) throws IOException {
        String[] args = new String[sections.length + 1];
        args[0] = "INFO";
        System.arraycopy(sections, 0, args, 1, sections.length);
        Reply reply = call(args);
        if (reply.isError()) {
            throw new IOException("INFO failed: " + reply.text());
        }
        return parseInfo(reply.text());
    }

    public static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r\n|\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private Reply bulk(long length) throws IOException {
        if (length < 0) {
            return new Bulk(null);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("the server closed the connection mid-reply");
        }
        return new Bulk(bytes);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection mid-reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("protocol error: CR without LF");
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
