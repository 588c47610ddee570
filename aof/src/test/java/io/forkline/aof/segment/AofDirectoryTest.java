package io.forkline.aof.segment;

import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.snapshot.storage.SimulatedDisk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofDirectoryTest {

    static final Path DATA = Path.of("/data");
    static final Path DIR = DATA.resolve("appendonlydir");

    final RecordingStorage storage = new RecordingStorage();
    final AofDirectory directory = new AofDirectory(storage, AofLayout.defaults(DATA));

    @Test
    void temporaryNamesFollowRedis() {
        assertThat(directory.tempIncr()).isEqualTo(DIR.resolve("temp-appendonly.aof.incr"));
        assertThat(directory.rewriteTemp(42)).isEqualTo(DATA.resolve("temp-rewriteaof-bg-42.aof"));
    }

    @Test
    void theManifestChangesOnlyThroughASyncedTempFileRenamedOverIt() throws Exception {
        AofSegment incr = directory.createIncr();
        assertThat(storage.operations()).containsExactly(
                "syncdir data",   // the new appendonlydir's name, made durable in dir
                "create appendonly.aof.1.incr.aof",
                "create temp-appendonly.aof.manifest",
                "write temp-appendonly.aof.manifest 44",
                "sync temp-appendonly.aof.manifest",
                "close temp-appendonly.aof.manifest",
                "rename temp-appendonly.aof.manifest appendonly.aof.manifest",
                "syncdir appendonlydir");
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(incr.entry().seq()).isEqualTo(1);
        assertThat(directory.readManifest()).isEqualTo(directory.manifest());
    }

    @Test
    void aManifestThatCannotBePersistedLeavesTheOldOneAndNoNewIncr() throws Exception {
        directory.createIncr();
        storage.failSyncs("Input/output error");
        assertThatThrownBy(directory::createIncr).hasMessage("Input/output error");
        storage.heal();
        assertThat(directory.manifest().incrs()).hasSize(1);
        assertThat(storage.has(DIR.resolve("appendonly.aof.2.incr.aof"))).isFalse();
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
    }

    @Test
    void installingABaseRenamesItInThenSwitchesTheManifestThenHistoryGoes() throws Exception {
        directory.persist(AofManifest.parse("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", "m"));
        storage.put(DIR.resolve("appendonly.aof.1.base.rdb"), new byte[10]);
        storage.put(DIR.resolve("appendonly.aof.1.incr.aof"), new byte[20]);
        AofSegment kept = directory.createIncr();
        Path written = directory.rewriteTemp(7);
        storage.put(written, "REDIS0010".getBytes(StandardCharsets.US_ASCII));
        storage.clearOperations();
        AofManifest installed = directory.installBase(written, true, kept);
        assertThat(storage.operations()).containsExactly(
                "rename temp-rewriteaof-bg-7.aof appendonly.aof.2.base.rdb",
                "syncdir appendonlydir",
                "create temp-appendonly.aof.manifest",
                "write temp-appendonly.aof.manifest 176",
                "sync temp-appendonly.aof.manifest",
                "close temp-appendonly.aof.manifest",
                "rename temp-appendonly.aof.manifest appendonly.aof.manifest",
                "syncdir appendonlydir");
        assertThat(installed.format()).isEqualTo("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.1.base.rdb seq 1 type h
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type i
                """);
        storage.clearOperations();
        directory.deleteHistory();
        assertThat(storage.operations()).startsWith("delete appendonly.aof.1.base.rdb", "delete appendonly.aof.1.incr.aof");
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.2.incr.aof seq 2 type i
                """);
        assertThat(storage.names(DIR)).containsExactlyInAnyOrder("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof",
                "appendonly.aof.manifest");
    }

    @Test
    void aBaseWhoseManifestCannotBePersistedIsRemovedAndTheOldManifestStands() throws Exception {
        AofSegment kept = directory.createIncr();
        Path written = directory.rewriteTemp(8);
        storage.put(written, new byte[3]);
        storage.failCreates("No space left on device");
        assertThatThrownBy(() -> directory.installBase(written, false, kept)).hasMessage("No space left on device");
        storage.heal();
        assertThat(storage.has(DIR.resolve("appendonly.aof.1.base.aof"))).isFalse();
        assertThat(directory.manifest().base()).isNull();
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
    }

    @Test
    void theTemporaryIncrOfALogSwitchedOnIsNamedWhenItsFirstBaseIsInstalled() throws Exception {
        directory.persist(AofManifest.parse("file appendonly.aof.4.base.aof seq 4 type b\nfile appendonly.aof.9.incr.aof seq 9 type i\n", "m"));
        AofSegment temp = directory.createTempIncr();
        assertThat(temp.entry()).isNull();
        Path written = directory.rewriteTemp(9);
        storage.put(written, new byte[3]);
        AofManifest installed = directory.installBase(written, true, temp);
        assertThat(temp.entry().name()).isEqualTo("appendonly.aof.10.incr.aof");
        assertThat(temp.path()).isEqualTo(DIR.resolve("appendonly.aof.10.incr.aof"));
        assertThat(installed.loadOrder()).extracting(e -> e.name()).containsExactly("appendonly.aof.5.base.rdb", "appendonly.aof.10.incr.aof");
        assertThat(storage.has(DIR.resolve("temp-appendonly.aof.incr"))).isFalse();
    }

    @Test
    void aPowerLossAfterTheFirstIncrKeepsTheWholeLog() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        disk.createDirectories(DATA);
        disk.syncDirectory(DATA.getParent());
        AofDirectory onDisk = new AofDirectory(disk, AofLayout.defaults(DATA));
        AofSegment incr = onDisk.createIncr();
        assertThat(incr.entry().seq()).isEqualTo(1);
        assertThat(disk.durablyExists(DIR.resolve("appendonly.aof.1.incr.aof"))).isTrue();
        disk.powerLoss(new java.util.Random(1));
        assertThat(disk.content(DIR.resolve("appendonly.aof.manifest")))
                .asString(StandardCharsets.UTF_8).isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
    }
}
