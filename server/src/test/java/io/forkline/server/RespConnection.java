package io.forkline.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare RESP connection for tests: sends commands (or raw bytes) and reads exactly one reply back as
 * its RESP text, so that tests compare what a client receives byte for byte.
 */
public final class RespConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one command as a RESP array and returns its reply. */
    public String call(String... args) throws IOException {
        send(args);
        return readReply();
    }

    public void send(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(b);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        sendRaw(bytes.toByteArray());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one whole reply (aggregates included) and returns its RESP text. */
    public String readReply() throws IOException {
        StringBuilder text = new StringBuilder();
        readInto(text);
        return text.toString();
    }

    private void readInto(StringBuilder text) throws IOException {
        String line = readLine();
        text.append(line).append("\r\n");
        char type = line.charAt(0);
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    byte[] data = in.readNBytes(length + 2);
                    text.append(new String(data, StandardCharsets.UTF_8));
                }
            }
            case '*', '~', '>' -> {
                int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < count; i++) {
                    readInto(text);
                }
            }
            case '%' -> {
                int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * count; i++) {
                    readInto(text);
                }
            }
            default -> {
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new java.io.EOFException("connection closed after '" + line + "'");
    }

    /** True once the server has closed the connection (reads end-of-stream). */
    public boolean isClosedByServer() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
