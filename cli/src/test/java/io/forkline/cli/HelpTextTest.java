package io.forkline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every description in {@code --help} is a valid format string, as picocli reads it: a bare {@code %} (as in
 * "80% SET") makes picocli warn on every {@code --help} and print the text unformatted.
 */
class HelpTextTest {

    @Test
    void everyDescriptionFormats() {
        List<String> broken = new ArrayList<>();
        check(Forkline.commandLine(), broken);
        assertThat(broken).isEmpty();
    }

    private static void check(CommandLine line, List<String> broken) {
        CommandSpec spec = line.getCommandSpec();
        for (String text : spec.usageMessage().description()) {
            tryFormat(spec.qualifiedName(), text, broken);
        }
        for (ArgSpec arg : spec.args()) {
            for (String text : arg.description()) {
                tryFormat(spec.qualifiedName() + " " + arg.paramLabel(), text, broken);
            }
        }
        line.getSubcommands().values().forEach(sub -> check(sub, broken));
    }

    private static void tryFormat(String where, String text, List<String> broken) {
        try {
            String.format(text);
        } catch (java.util.IllegalFormatException e) {
            broken.add(where + ": " + e.getMessage() + " in \"" + text + "\"");
        }
    }
}
