package io.forkline.aof.tool;

import io.forkline.aof.load.AofFormatException;
import io.forkline.aof.load.AofInput;
import io.forkline.aof.load.AofRecordReader;
import io.forkline.aof.load.AofTruncatedException;
import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.manifest.AofManifestException;
import io.forkline.engine.command.Arguments;
import io.forkline.snapshot.io.ByteSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.rdb.RdbFormatException;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.storage.Storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code forkline aof check PATH [--fix] [--yes]}: checks append-only files offline, as Redis 7.0's
 * redis-check-aof does, and repairs a torn tail.
 *
 * <p>PATH is a manifest, a directory holding one (an {@code appendonlydir}), or a single file (a
 * Redis 6 {@code appendonly.aof}, RESP or RDB preamble plus RESP, or one base or incr). A file whose
 * first line (after {@code #} comments) starts with {@code file} is a manifest. Each file is checked
 * strictly: the RDB preamble of a file that starts with {@code REDIS} first, then RESP records with
 * their {@code \r\n} terminators, and MULTI/EXEC nesting ("Unexpected MULTI", "Unexpected EXEC",
 * "Reached EOF before reading EXEC for MULTI"). For each file the tool reports its first bad offset,
 * what was expected there, and {@code ok_up_to}: the start of the first bad top-level record (of the
 * open MULTI when the damage is inside a block), where a repair cuts.
 *
 * <p>Differences from redis-check-aof: every file of the manifest is checked and reported (Redis stops
 * at the first bad one); an argument count of 0 is bad (redis-check-aof accepts {@code *0}, which
 * Redis's loader refuses); an RDB preamble holding a module value is bad, since forkline cannot load
 * one (redis-check-rdb accepts them).
 *
 * <p>{@code --fix} truncates the last file at {@code ok_up_to} after asking {@code Continue? [y/N]} on
 * standard input (or at once with {@code --yes}), discarding everything after the first damage, valid
 * records included, as Redis does. Damage in a file that is not the last, a missing file, a bad
 * manifest or a bad RDB preamble is not repaired. Exit status: 0 valid (or repaired), 1 not.
 */
public final class AofCheckTool {

    /** What kind of input PATH named. */
    public enum InputKind {
        MULTI_PART,
        SINGLE_FILE
    }

    /**
     * The check of one file.
     *
     * @param file        its path
     * @param type        base or incr in a manifest, null for a single file
     * @param rdbPreamble whether it starts with an RDB
     * @param size        its size
     * @param okUpTo      where its valid part ends: {@code size} when valid
     * @param errorOffset the offset of the first bad byte, or -1 when valid
     * @param error       what was expected there and found instead, or null when valid
     * @param fixable     whether cutting at {@code okUpTo} would make it valid (false for a bad RDB preamble or a missing file)
     * @param last        whether it is the last file (the only one a fix may cut)
     */
    public record FileCheck(Path file, AofFileType type, boolean rdbPreamble, long size, long okUpTo, long errorOffset,
                            String error, boolean fixable, boolean last) {

        public boolean valid() {
            return error == null;
        }
    }

    /** The whole check: the files in load order, or the problem that stopped it before any file (a bad manifest). */
    public record CheckReport(InputKind kind, Path manifest, List<FileCheck> files, String problem) {

        public CheckReport {
            files = List.copyOf(files);
        }

        public boolean valid() {
            return problem == null && files.stream().allMatch(FileCheck::valid);
        }
    }

    private final Storage storage;
    private final PrintStream out;
    private final BufferedReader in;

    public AofCheckTool(Storage storage, PrintStream out, InputStream in) {
        this.storage = storage;
        this.out = out;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Checks PATH, prints what it found, repairs when asked; returns the exit status (0 valid or repaired, 1 not). */
    public int run(Path path, boolean fix, boolean yes) throws IOException {
        CheckReport report = check(path);
        print(report);
        if (report.valid()) {
            out.println(report.kind() == InputKind.MULTI_PART ? "All AOF files and manifest are valid" : "AOF " + path + " is valid");
            return 0;
        }
        if (!fix) {
            out.println("The AOF is not valid. Use the --fix option to try fixing it.");
            return 1;
        }
        return fix(report, yes);
    }

    private int fix(CheckReport report, boolean yes) throws IOException {
        if (report.problem() != null) {
            out.println("Cannot fix: " + report.problem());
            return 1;
        }
        FileCheck damaged = null;
        for (FileCheck file : report.files()) {
            if (file.valid()) {
                continue;
            }
            if (!file.last()) {
                out.println("Failed to truncate AOF " + file.file() + " because it is not the last file");
                return 1;
            }
            if (!file.fixable()) {
                out.println("Cannot fix AOF " + file.file() + ": " + file.error());
                return 1;
            }
            damaged = file;
        }
        if (damaged == null) {
            return 1;   // unreachable: an invalid report holds an invalid file or a problem
        }
        long cut = damaged.size() - damaged.okUpTo();
        out.println("This will shrink the AOF " + damaged.file() + " from " + damaged.size() + " bytes, with " + cut + " bytes, to "
                + damaged.okUpTo() + " bytes");
        if (!yes) {
            out.print("Continue? [y/N]: ");
            out.flush();
            String answer = in.readLine();
            if (answer == null || !answer.toLowerCase(Locale.ROOT).startsWith("y")) {
                out.println("Aborting...");
                return 1;
            }
        }
        storage.truncate(damaged.file(), damaged.okUpTo());
        out.println("Successfully truncated AOF " + damaged.file());
        return 0;
    }

    private void print(CheckReport report) {
        out.println(report.kind() == InputKind.MULTI_PART ? "Start checking Multi Part AOF" : "Start checking Old-Style AOF");
        if (report.problem() != null) {
            out.println(report.problem());
        }
        for (FileCheck file : report.files()) {
            String what = file.type() == null ? "AOF" : file.type() == AofFileType.BASE ? "BASE AOF" : "INCR AOF";
            String name = String.valueOf(file.file().getFileName());
            out.println("Checking " + what + " " + name + " (" + (file.rdbPreamble() ? "RDB" : "RESP") + " format)");
            if (!file.valid()) {
                out.println(name + (file.errorOffset() >= 0 ? ": at offset " + file.errorOffset() : "") + ": " + file.error());
            }
            if (file.size() >= 0) {
                out.println("AOF analyzed: filename=" + name + ", size=" + file.size() + ", ok_up_to=" + file.okUpTo() + ", diff="
                        + (file.size() - file.okUpTo()));
            }
            out.println(what + " " + name + (file.valid() ? file.size() == 0 ? " is empty" : " is valid" : " is not valid"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Checking

    /** Checks PATH without printing or changing anything. */
    public CheckReport check(Path path) throws IOException {
        Path manifest = manifestOf(path);
        if (manifest == null) {
            if (!storage.exists(path)) {
                return new CheckReport(InputKind.SINGLE_FILE, null, List.of(), "Cannot open file " + path + ": it does not exist");
            }
            return new CheckReport(InputKind.SINGLE_FILE, null, List.of(checkFile(path, null, true)), null);
        }
        AofManifest parsed;
        try {
            parsed = AofManifest.parse(readText(manifest), manifest.toString());
        } catch (AofManifestException e) {
            return new CheckReport(InputKind.MULTI_PART, manifest, List.of(), e.getMessage());
        }
        Path directory = manifest.toAbsolutePath().getParent();
        List<AofFileEntry> order = parsed.loadOrder();
        List<FileCheck> files = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            AofFileEntry entry = order.get(i);
            Path file = directory.resolve(entry.name());
            boolean last = i == order.size() - 1;
            if (!storage.exists(file)) {
                files.add(new FileCheck(file, entry.type(), false, -1, -1, -1, "the file listed in " + manifest.getFileName()
                        + " does not exist", false, last));
            } else {
                files.add(checkFile(file, entry.type(), last));
            }
        }
        return new CheckReport(InputKind.MULTI_PART, manifest, files, null);
    }

    /**
     * The manifest PATH names (itself, or the one manifest in the directory it names), or null when
     * PATH is a single AOF file.
     */
    private Path manifestOf(Path path) throws IOException {
        List<Path> entries;
        try {
            entries = storage.list(path);
        } catch (NotDirectoryException notADirectory) {
            return isManifest(path) ? path : null;
        }
        if (entries.isEmpty() && !storage.exists(path)) {
            return null;
        }
        List<Path> manifests = new ArrayList<>();
        for (Path entry : entries) {
            String name = String.valueOf(entry.getFileName());
            if (name.endsWith(".manifest") && !name.startsWith("temp-")) {
                manifests.add(entry);
            }
        }
        if (manifests.size() != 1) {
            throw new IOException("expected one manifest (a *.manifest file) in the directory " + path + ", found "
                    + (manifests.isEmpty() ? "none" : manifests.size() + ": " + manifests));
        }
        return manifests.getFirst();
    }

    /** A manifest's first line that is not a comment starts with {@code file}. */
    private boolean isManifest(Path path) throws IOException {
        if (!storage.exists(path)) {
            return false;
        }
        try (InputStream stream = storage.openRead(path)) {
            byte[] head = stream.readNBytes(4096);
            int at = 0;
            while (at < head.length && head[at] == '#') {
                while (at < head.length && head[at] != '\n') {
                    at++;
                }
                at++;
            }
            return at + 4 <= head.length && new String(head, at, 4, StandardCharsets.US_ASCII).equals("file");
        }
    }

    private String readText(Path file) throws IOException {
        try (InputStream stream = storage.openRead(file)) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private FileCheck checkFile(Path file, AofFileType type, boolean last) throws IOException {
        try (AofInput input = AofInput.open(storage, file)) {
            long size = input.size();
            long start = 0;
            if (input.rdbPreamble()) {
                RdbProblem problem = checkRdb(input.source(), size);
                if (problem != null) {
                    return new FileCheck(file, type, true, size, 0, problem.offset(), problem.error(), false, last);
                }
                start = input.source().position();
            }
            return checkResp(file, type, last, input, start, input.rdbPreamble());
        }
    }

    /**
     * Checks the RDB preamble (every record, and the CRC64 when stored), leaving the source after it;
     * returns what is wrong with the offset, or null.
     */
    private static RdbProblem checkRdb(ByteSource source, long size) throws IOException {
        try {
            new RdbReader(source, size).read((db, key, value, expireAtMillis) -> {
            });
            return null;
        } catch (RdbFormatException e) {
            return new RdbProblem(e.offset(), "RDB preamble of AOF file is not sane: " + e.detail());
        } catch (TruncatedInputException e) {
            return new RdbProblem(e.offset(), "RDB preamble of AOF file is not sane: it ends early, expected " + e.wanted()
                    + " more bytes");
        }
    }

    private record RdbProblem(long offset, String error) {
    }

    private static FileCheck checkResp(Path file, AofFileType type, boolean last, AofInput input, long start, boolean rdb)
            throws IOException {
        long size = input.size();
        AofRecordReader reader = new AofRecordReader(input.source(), size);
        Arguments args = new Arguments();
        long multiStart = -1;
        try {
            while (reader.next(args)) {
                if (args.is(0, "multi")) {
                    if (multiStart >= 0) {
                        return bad(file, type, rdb, last, size, multiStart, reader.recordStart(),
                                "Unexpected MULTI: a MULTI is open since offset " + multiStart);
                    }
                    multiStart = reader.recordStart();
                } else if (args.is(0, "exec")) {
                    if (multiStart < 0) {
                        return bad(file, type, rdb, last, size, reader.recordStart(), reader.recordStart(),
                                "Unexpected EXEC: no MULTI is open");
                    }
                    multiStart = -1;
                }
            }
        } catch (AofFormatException e) {
            return bad(file, type, rdb, last, size, multiStart >= 0 ? multiStart : reader.recordStart(), e.offset(), "expected "
                    + e.expected() + ", got " + e.actual());
        } catch (AofTruncatedException e) {
            return bad(file, type, rdb, last, size, multiStart >= 0 ? multiStart : e.recordStart(), e.offset(),
                    "unexpected end of file: expected " + e.expected());
        }
        if (multiStart >= 0) {
            return bad(file, type, rdb, last, size, multiStart, size,
                    "Reached EOF before reading EXEC for MULTI at offset " + multiStart);
        }
        return new FileCheck(file, type, rdb, size, size, -1, null, true, last);
    }

    private static FileCheck bad(Path file, AofFileType type, boolean rdb, boolean last, long size, long okUpTo, long offset,
                                 String error) {
        return new FileCheck(file, type, rdb, size, okUpTo, offset, error, true, last);
    }
}
