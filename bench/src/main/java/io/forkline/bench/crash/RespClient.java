package io.forkline.bench.crash;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP2 connection to 127.0.0.1: sends commands (several may be in flight: pipelining) and reads
 * replies as plain values: {@link String} for a status, {@link Long}, {@code byte[]} for a bulk string, null,
 * {@link List} for an array, {@link ErrorReply} for an error. Single-threaded, except {@link #close()}, which
 * may come from any thread and makes a blocked read fail.
 */
public final class RespClient implements AutoCloseable {

    /** An error reply, such as {@code -MISCONF ...} or {@code -LOADING ...}. */
    public record ErrorReply(String message) {
        @Override
        public String toString() {
            return "-" + message;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        flush();
        return read();
    }

    /** Queues one command (sent at the next {@link #flush()}). */
    public void send(String... args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Reads one whole reply. */
    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> new ErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("the server closed the connection inside a bulk string");
                }
                yield data;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> elements = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    elements.add(read());
                }
                yield elements;
            }
            default -> throw new IOException("not a RESP2 reply: type byte " + type);
        };
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the server closed the connection inside a line");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("a RESP line must end with CRLF");
                }
                return line.toString();
            }
            line.append((char) c);
        }
    }

    /** A bulk reply as text, or the reply's own text. */
    public static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing left to release
        }
    }
}
