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
        System.exit(commandLine().execute(args));
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
