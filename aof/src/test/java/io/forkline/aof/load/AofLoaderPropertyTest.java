package io.forkline.aof.load;

import io.forkline.aof.load.AofLoadException.Reason;
import io.forkline.aof.load.LoadReport.Status;
import io.forkline.pages.Seeded;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random logs (commands, MULTI blocks with SELECTs inside, annotations) spread over a base and incrs,
 * the last file cut at a random offset: the loader must leave the engine as the commands of every
 * whole unit applied in order leave a model engine, and the file cut at the last whole unit; a cut in
 * a file that is not the last must be refused.
 */
class AofLoaderPropertyTest {

    private static final int DATABASES = 4;

    @TempDir
    Path dir;

    /** A top-level unit: one command or one MULTI block (with its SELECTs), or an annotation. */
    private record Unit(List<String[]> commands, boolean block, boolean annotation) {
    }

    /** One file: its units, and the offset each ends at. */
    private static final class LogFile {
        final Resp text = new Resp();
        final List<Unit> units = new ArrayList<>();
        final List<Integer> ends = new ArrayList<>();
        int db;
    }

    @Test
    void theEngineHoldsEveryWholeUnitBeforeTheCutAndNothingElse() {
        // two engines for every seed, emptied between seeds (FLUSHALL): making one costs milliseconds
        try (TestEngine loaded = new TestEngine(); TestEngine model = new TestEngine()) {
            Seeded.seeds(100).forEach(seed -> Seeded.run(seed, random -> {
                loaded.call("FLUSHALL");
                model.call("FLUSHALL");
                check(random, loaded, model);
            }));
        }
    }

    private void check(Random random, TestEngine loaded, TestEngine model) throws IOException {
        List<LogFile> files = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int f = 0; f < count; f++) {
            LogFile file = new LogFile();
            int units = random.nextInt(12);
            for (int u = 0; u < units; u++) {
                add(file, unit(random, file));
            }
            files.add(file);
        }
        int damaged = random.nextInt(5) == 0 ? random.nextInt(count) : count - 1;
        byte[] bytes = files.get(damaged).text.bytes();
        int cut = random.nextInt(bytes.length + 1);
        boolean loadTruncated = random.nextBoolean();

        Path appendDir = Files.createDirectories(dir.resolve("appendonlydir"));
        StringBuilder manifest = new StringBuilder("file base.aof seq 1 type b\n");
        for (int f = 1; f < count; f++) {
            manifest.append("file incr").append(f).append(".aof seq ").append(f).append(" type i\n");
        }
        Files.writeString(appendDir.resolve("appendonly.aof.manifest"), manifest);
        for (int f = 0; f < count; f++) {
            byte[] content = files.get(f).text.bytes();
            Files.write(appendDir.resolve(name(f)), f == damaged ? Arrays.copyOf(content, cut) : content);
        }

        LogFile last = files.get(damaged);
        int kept = 0;
        int keptUnits = 0;
        boolean clean = cut == 0;
        for (int u = 0; u < last.units.size(); u++) {
            int start = u == 0 ? 0 : last.ends.get(u - 1);
            int end = last.ends.get(u);
            if (end <= cut || (last.units.get(u).annotation() && cut > start)) {
                keptUnits = u + 1;
                clean = Math.min(end, cut) == cut;
                if (!last.units.get(u).annotation()) {
                    kept = end;
                }
            }
        }
        try {
            AofLoader loader = new AofLoader(FileStorage.INSTANCE, dir, "appendonlydir", "appendonly.aof", loadTruncated);
            if (!clean && (damaged != count - 1 || !loadTruncated)) {
                assertThatThrownBy(() -> loader.load(loaded.engine, TestEngine.NOW))
                        .isInstanceOfSatisfying(AofLoadException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
                            assertThat(e.file()).isEqualTo(appendDir.resolve(name(damaged)));
                        });
                assertThat(Files.size(appendDir.resolve(name(damaged)))).isEqualTo(cut);
                return;
            }
            LoadReport report = loader.load(loaded.engine, TestEngine.NOW);
            for (int f = 0; f < damaged; f++) {
                apply(model, files.get(f).units);
            }
            apply(model, last.units.subList(0, keptUnits));
            assertThat(dump(loaded)).isEqualTo(dump(model));
            int size = clean ? cut : kept;
            assertThat(Files.size(appendDir.resolve(name(damaged)))).isEqualTo(size);
            assertThat(report.truncatedBytes()).isEqualTo(cut - size);
            assertThat(report.status()).isIn(Status.LOADED, Status.TRUNCATED, Status.EMPTY);
        } finally {
            for (int f = 0; f < count; f++) {
                Files.deleteIfExists(appendDir.resolve(name(f)));
            }
        }
    }

    private static String name(int file) {
        return file == 0 ? "base.aof" : "incr" + file + ".aof";
    }

    private static void add(LogFile file, Unit unit) {
        if (unit.annotation()) {
            file.text.raw("#TS:" + (1_700_000_000 + file.units.size()) + "\r\n");
        } else {
            if (unit.block()) {
                file.text.add("MULTI");
            }
            unit.commands().forEach(file.text::add);
            if (unit.block()) {
                file.text.add("EXEC");
            }
        }
        file.units.add(unit);
        file.ends.add(file.text.size());
    }

    private static Unit unit(Random random, LogFile file) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return new Unit(List.of(), false, true);
        }
        if (kind == 1) {
            List<String[]> block = new ArrayList<>();
            int commands = 1 + random.nextInt(4);
            for (int i = 0; i < commands; i++) {
                block.add(random.nextInt(4) == 0 ? select(random, file) : command(random));
            }
            return new Unit(block, true, false);
        }
        return new Unit(List.<String[]>of(kind == 2 ? select(random, file) : command(random)), false, false);
    }

    private static String[] select(Random random, LogFile file) {
        file.db = random.nextInt(DATABASES);
        return new String[] {"SELECT", Integer.toString(file.db)};
    }

    private static String[] command(Random random) {
        String key = "k" + random.nextInt(6);
        String value = Integer.toString(random.nextInt(1000));
        return switch (random.nextInt(6)) {
            case 0 -> new String[] {"SET", "s:" + key, value + "\r\n" + value};
            case 1 -> new String[] {"INCRBY", "n:" + key, value};
            case 2 -> new String[] {"RPUSH", "l:" + key, value, "x"};
            case 3 -> new String[] {"HSET", "h:" + key, "f" + value, value};
            case 4 -> new String[] {"SADD", "z:" + key, value};
            default -> new String[] {"DEL", "s:" + key, "l:" + key};
        };
    }

    /** Applies units as the loader must: each file in db 0, SELECT switching, blocks in order. */
    private static void apply(TestEngine model, List<Unit> units) {
        int db = 0;
        for (Unit unit : units) {
            for (String[] args : unit.commands()) {
                if (args[0].equals("SELECT")) {
                    db = Integer.parseInt(args[1]);
                } else {
                    assertThat(model.call(db, args)).doesNotStartWith("-");
                }
            }
        }
    }

    private static String dump(TestEngine t) {
        StringBuilder out = new StringBuilder();
        for (int db = 0; db < DATABASES; db++) {
            for (int k = 0; k < 6; k++) {
                out.append(db).append(" s:k").append(k).append(' ').append(t.call(db, "GET", "s:k" + k))
                        .append(t.call(db, "GET", "n:k" + k))
                        .append(t.call(db, "LRANGE", "l:k" + k, "0", "-1"))
                        .append(t.call(db, "HGETALL", "h:k" + k))
                        .append(t.call(db, "SMEMBERS", "z:k" + k)).append('\n');
            }
            out.append(t.call(db, "DBSIZE"));
        }
        return out.toString();
    }
}
