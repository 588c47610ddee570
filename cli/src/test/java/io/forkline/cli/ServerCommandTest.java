package io.forkline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new ServerCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        return commandLine.execute(args);
    }

    @Test
    void anUnknownDirectiveStopsStartUpNamingItAndItsLine(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "# a comment\nport 7000\nprot 6379\n");
        assertThat(run(conf.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("redis.conf:3").contains("prot");
        err.reset();
        assertThat(run("--port", "notanumber")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("command line").contains("port");
    }

    @Test
    void startsFromAFileWithCommandLineOverridesAndStopsOnShutdown(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "port 1\nhz 20\ndir " + dir + "\n");   // Redis's default save points: SHUTDOWN saves there
        int chosen = port;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run(conf.toString(), "--port", Integer.toString(chosen), "--bind", "127.0.0.1"));
        try (Socket socket = connect(port)) {
            assertThat(call(socket, "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$2\r\nhz\r\n")).isEqualTo("*2\r\n$2\r\nhz\r\n$2\r\n20\r\n");
            assertThat(call(socket, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")).isEqualTo("+OK\r\n");
            socket.getOutputStream().write("*1\r\n$8\r\nSHUTDOWN\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);   // closed without a reply, as Redis
        }
        assertThat(exit.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ready: 127.0.0.1:" + port).contains("stopped");
        assertThat(dir.resolve("dump.rdb")).exists();
    }

    @Test
    void aCorruptDumpStopsStartUpNamingTheFileAndTheOffset(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("dump.rdb");
        Files.write(dump, "REDIS0010\u00fe\u0000\u0000\u0003key".getBytes(StandardCharsets.ISO_8859_1));   // cut inside a key
        assertThat(run("--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("forkline server: ").contains(dump.toString()).contains("offset");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ready");
    }

    private static Socket connect(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                if (attempt > 400) {
                    throw e;
                }
                Thread.sleep(25);   // the server is still starting in the other thread
            }
        }
    }

    private static String call(Socket socket, String command) throws IOException {
        OutputStream output = socket.getOutputStream();
        output.write(command.getBytes(StandardCharsets.US_ASCII));
        output.flush();
        InputStream input = socket.getInputStream();
        byte[] buffer = new byte[256];
        int n = input.read(buffer);
        String reply = new String(buffer, 0, n, StandardCharsets.US_ASCII);
        while (reply.startsWith("*2") && reply.split("\r\n").length < 5) {
            n = input.read(buffer);
            reply += new String(buffer, 0, n, StandardCharsets.US_ASCII);
        }
        return reply;
    }
}
