package io.forkline.snapshot.rdb;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random keyspaces built by commands, written and read back by a strict test parser: the file holds
 * exactly what the model says, with and without compression and checksum.
 */
class RdbWriterPropertyTest {

    @Test
    void writtenFilesHoldExactlyTheModelsKeyspace() {
        Set<RdbType> typesSeen = EnumSet.noneOf(RdbType.class);
        Seeded.seeds(12).forEach(seed -> Seeded.run(seed, random -> {
            try (EngineDriver driver = new EngineDriver()) {
                Workload workload = new Workload(driver, random);
                workload.run(500 + random.nextInt(2500));
                RdbWriteOptions options = new RdbWriteOptions(random.nextBoolean(), random.nextBoolean(),
                        RdbWriteOptions.VERSION, Map.of(), random.nextBoolean());
                SaveProgress progress = new SaveProgress();
                byte[] file = Snapshots.write(Snapshots.live(driver.engine), options, progress);

                RdbTestParser.Parsed parsed = RdbTestParser.parse(file);
                assertThat(parsed.version()).isEqualTo(10);
                assertThat(parsed.values()).isEqualTo(workload.values());
                assertThat(parsed.expires()).isEqualTo(workload.expires());
                assertThat(parsed.storedCrc() != 0).isEqualTo(options.checksum());
                assertThat(parsed.aux()).containsEntry("aof-base", options.aofBase() ? "1" : "0");
                workload.values().forEach((db, keys) -> assertThat(parsed.resize().get(db)).containsExactly(
                        keys.size(), workload.expires().getOrDefault(db, Map.of()).size()));
                long keys = workload.values().values().stream().mapToLong(Map::size).sum();
                assertThat(progress.keysTotal()).isEqualTo(keys);
                assertThat(progress.keysProcessed()).isEqualTo(keys);
                assertThat(progress.bytesWritten()).isEqualTo(file.length);
                parsed.databases().values().forEach(db -> db.values().forEach(key -> typesSeen.add(key.type())));
            }
        }));
        assertThat(typesSeen).as("the workload reaches every type the writer writes").containsExactlyInAnyOrder(
                RdbType.STRING, RdbType.LIST_QUICKLIST_2, RdbType.SET, RdbType.SET_INTSET, RdbType.ZSET_2,
                RdbType.ZSET_LISTPACK, RdbType.HASH, RdbType.HASH_LISTPACK);
    }
}
