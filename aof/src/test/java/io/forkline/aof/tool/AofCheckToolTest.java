package io.forkline.aof.tool;

import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.tool.AofCheckTool.CheckReport;
import io.forkline.aof.tool.AofCheckTool.FileCheck;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.forkline.aof.load.Resp.command;
import static org.assertj.core.api.Assertions.assertThat;

class AofCheckToolTest {

    private static final String BASE = "appendonly.aof.1.base.aof";
    private static final String INCR1 = "appendonly.aof.1.incr.aof";
    private static final String INCR2 = "appendonly.aof.2.incr.aof";
    private static final String MANIFEST = "file " + BASE + " seq 1 type b\nfile " + INCR1 + " seq 1 type i\nfile " + INCR2
            + " seq 2 type i\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private AofCheckTool tool(String stdin) {
        output.reset();
        return new AofCheckTool(FileStorage.INSTANCE, new PrintStream(output, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private Path appendDir() throws IOException {
        return Files.createDirectories(dir.resolve("appendonlydir"));
    }

    private Path multiPart(String base, String incr1, String incr2) throws IOException {
        Path appendDir = appendDir();
        Files.writeString(appendDir.resolve("appendonly.aof.manifest"), MANIFEST);
        Files.writeString(appendDir.resolve(BASE), base);
        Files.writeString(appendDir.resolve(INCR1), incr1);
        Files.writeString(appendDir.resolve(INCR2), incr2);
        return appendDir;
    }

    private static final String GOOD = command("SELECT", "0") + command("SET", "a", "1");

    @Test
    void aValidMultiPartAofNamedByItsDirectoryOrItsManifest() throws IOException {
        Path appendDir = multiPart(GOOD, "#TS:1700000000\r\n" + command("MULTI") + command("INCR", "n") + command("EXEC"), "");
        assertThat(tool("").run(appendDir, false, false)).isZero();
        assertThat(output()).contains("Start checking Multi Part AOF").contains("BASE AOF " + BASE + " is valid")
                .contains("INCR AOF " + INCR2 + " is empty").contains("All AOF files and manifest are valid");
        assertThat(tool("").run(appendDir.resolve("appendonly.aof.manifest"), false, false)).isZero();
        CheckReport report = tool("").check(appendDir);
        assertThat(report.kind()).isEqualTo(AofCheckTool.InputKind.MULTI_PART);
        assertThat(report.files()).extracting(FileCheck::type).containsExactly(AofFileType.BASE, AofFileType.INCR, AofFileType.INCR);
        assertThat(report.files()).extracting(FileCheck::last).containsExactly(false, false, true);
    }

    @Test
    void aSingleFileIsCheckedAsAnOldStyleAof() throws IOException {
        Path file = dir.resolve("appendonly.aof");
        Files.writeString(file, GOOD);
        assertThat(tool("").run(file, false, false)).isZero();
        assertThat(output()).contains("Start checking Old-Style AOF").contains("AOF " + file + " is valid");
    }

    @Test
    void reportsTheFirstBadOffsetAndWhatWasExpectedInEachFile() throws IOException {
        String incr1 = GOOD + "*2\r\n$3\r\nDEL\r\n:1\r\n" + command("SET", "b", "2");
        String incr2 = GOOD + command("SET", "c", "3") + "*3\r\n$3\r\nSET\r\n$1\r\nd\r\n$5\r\nab";
        Path appendDir = multiPart(GOOD, incr1, incr2);
        CheckReport report = tool("").check(appendDir);
        assertThat(report.valid()).isFalse();
        FileCheck first = report.files().get(1);
        assertThat(first.errorOffset()).isEqualTo(GOOD.length() + "*2\r\n$3\r\nDEL\r\n".length());
        assertThat(first.okUpTo()).isEqualTo(GOOD.length());
        assertThat(first.error()).isEqualTo("expected '$' starting argument 2 of 2, got ':'");
        FileCheck second = report.files().get(2);
        int tail = GOOD.length() + command("SET", "c", "3").length();
        assertThat(second.okUpTo()).isEqualTo(tail);
        assertThat(second.errorOffset()).isEqualTo(incr2.length());
        assertThat(second.error()).startsWith("unexpected end of file: expected 5 bytes of argument 3 of 3");
        assertThat(tool("").run(appendDir, false, false)).isEqualTo(1);
        assertThat(output()).contains(INCR1 + ": at offset " + first.errorOffset() + ": expected '$'")
                .contains("AOF analyzed: filename=" + INCR2 + ", size=" + incr2.length() + ", ok_up_to=" + tail)
                .contains("Use the --fix option");
    }

    @Test
    void transactionNestingIsChecked() throws IOException {
        Path file = dir.resolve("appendonly.aof");
        String open = command("MULTI") + command("SET", "a", "1");
        Files.writeString(file, GOOD + open);
        FileCheck unclosed = tool("").check(file).files().getFirst();
        assertThat(unclosed.okUpTo()).isEqualTo(GOOD.length());
        assertThat(unclosed.error()).isEqualTo("Reached EOF before reading EXEC for MULTI at offset " + GOOD.length());
        Files.writeString(file, GOOD + open + command("MULTI") + command("EXEC"));
        FileCheck nested = tool("").check(file).files().getFirst();
        assertThat(nested.okUpTo()).isEqualTo(GOOD.length());
        assertThat(nested.errorOffset()).isEqualTo(GOOD.length() + open.length());
        assertThat(nested.error()).startsWith("Unexpected MULTI");
        Files.writeString(file, GOOD + command("EXEC") + GOOD);
        FileCheck stray = tool("").check(file).files().getFirst();
        assertThat(stray.okUpTo()).isEqualTo(GOOD.length());
        assertThat(stray.error()).startsWith("Unexpected EXEC");
    }

    @Test
    void fixTruncatesTheLastFileAfterAskingAndOnlyOnYes() throws IOException {
        String damaged = GOOD + "GARBAGE\r\n" + command("SET", "k3", "v");
        Path appendDir = multiPart(GOOD, GOOD, damaged);
        Path last = appendDir.resolve(INCR2);
        assertThat(tool("n\n").run(appendDir, true, false)).isEqualTo(1);
        assertThat(output()).contains("This will shrink the AOF " + last + " from " + damaged.length() + " bytes, with "
                + (damaged.length() - GOOD.length()) + " bytes, to " + GOOD.length() + " bytes").contains("Continue? [y/N]: ")
                .contains("Aborting...");
        assertThat(Files.size(last)).isEqualTo(damaged.length());
        assertThat(tool("").run(appendDir, true, false)).as("no answer is no").isEqualTo(1);
        assertThat(Files.size(last)).isEqualTo(damaged.length());

        assertThat(tool("y\n").run(appendDir, true, false)).isZero();
        assertThat(output()).contains("Successfully truncated AOF " + last);
        assertThat(Files.readString(last)).isEqualTo(GOOD);   // valid records after the damage go too, as Redis
        assertThat(tool("").run(appendDir, false, false)).isZero();

        Files.writeString(last, damaged);
        assertThat(tool("").run(appendDir, true, true)).isZero();
        assertThat(output()).doesNotContain("Continue?");
        assertThat(Files.size(last)).isEqualTo(GOOD.length());
    }

    @Test
    void fixRefusesDamageInAFileThatIsNotTheLast() throws IOException {
        String damaged = GOOD + "*1\r\n$4\r\nPING\r\nxx";
        Path appendDir = multiPart(GOOD, damaged, GOOD + "garbage");
        assertThat(tool("y\n").run(appendDir, true, true)).isEqualTo(1);
        assertThat(output()).contains("Failed to truncate AOF " + appendDir.resolve(INCR1) + " because it is not the last file");
        assertThat(Files.readString(appendDir.resolve(INCR1))).isEqualTo(damaged);
        assertThat(Files.readString(appendDir.resolve(INCR2))).isEqualTo(GOOD + "garbage");
    }

    @Test
    void aMissingFileOrABadManifestIsInvalidAndNotFixable() throws IOException {
        Path appendDir = multiPart(GOOD, GOOD, GOOD);
        Files.delete(appendDir.resolve(INCR1));
        assertThat(tool("").run(appendDir, true, true)).isEqualTo(1);
        assertThat(output()).contains(INCR1).contains("does not exist");
        Files.writeString(appendDir.resolve("appendonly.aof.manifest"), "file x seq 0 type b\n");
        assertThat(tool("").run(appendDir, false, false)).isEqualTo(1);
        assertThat(output()).contains("Invalid AOF manifest file format").contains("appendonly.aof.manifest");
    }

    @Test
    void aDamagedFileIsNotMistakenForAManifest() throws IOException {
        Path file = dir.resolve("appendonly.aof");
        Files.writeString(file, "#TS:1\r\n" + command("SET", "file", "file seq 1 type b"));
        CheckReport report = tool("").check(file);
        assertThat(report.kind()).isEqualTo(AofCheckTool.InputKind.SINGLE_FILE);
        assertThat(report.valid()).isTrue();
    }
}
