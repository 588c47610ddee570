package io.forkline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The {@code forkline} command line: one subcommand per tool. */
@Command(name = "forkline",
        mixinStandardHelpOptions = true,
        versionProvider = Forkline.Version.class,
        description = "A Redis-compatible server and persistence-engine research toolkit.",
        subcommands = {ServerCommand.class, BenchCommand.class, ReportCommand.class, JmhCommand.class, MemoryCommand.class,
                RdbCommand.class, AofCommand.class, CrashTestCommand.class, TrainCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run the test suite with './forkline test' (the launcher runs Maven for it)."})
public final class Forkline {

    public static void main(String[] args) {
        withoutNettyLeakSampling();
        System.exit(commandLine().execute(args));
    }

    /** Netty's system property for its buffer leak detection. */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    /**
     * Netty's default leak detection records where one buffer allocation in 128 came from, a stack trace each:
     * 2-5% of the server's CPU at redis-benchmark -P 16 (measured; Throwable.fillInStackTrace on the IO thread
     * in a profile). The command line runs without it unless {@code -Dio.netty.leakDetection.level} says
     * otherwise; before any Netty class reads the property. Tests, which start servers without the command line,
     * keep Netty's default, and with it the leak reports.
     */
    static void withoutNettyLeakSampling() {
        if (System.getProperty(LEAK_DETECTION) == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Forkline());
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        commandLine.getSubcommands().get("server").setUnmatchedOptionsArePositionalParams(true);
        return commandLine;
    }

    static String version() {
        return new Version().getVersion()[0].substring("forkline ".length());
    }

    /** The version Maven built, from a resource it filtered. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Forkline.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"forkline " + properties.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
