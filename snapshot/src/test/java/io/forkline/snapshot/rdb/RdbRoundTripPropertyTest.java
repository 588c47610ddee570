package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import io.forkline.snapshot.io.BufferSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random keyspaces built by engine commands (rdb-write's {@link Workload}), written by {@link RdbWriter}, then
 * read by {@link RdbReader} into a fresh engine through {@link KeyspaceLoader}, whose thresholds are drawn at
 * random too: every key comes back with its type, value and expire, in the encoding that writing its final
 * content with one command gives under the new thresholds.
 */
class RdbRoundTripPropertyTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void writtenKeyspacesLoadBackKeyByKey() {
        Seeded.seeds(10).forEach(seed -> Seeded.run(seed, random -> {
            try (EngineDriver source = new EngineDriver(NOW)) {
                new Workload(source, random).run(500 + random.nextInt(2500));
                RdbWriteOptions options = new RdbWriteOptions(random.nextBoolean(), random.nextBoolean(), RdbWriteOptions.VERSION,
                        Map.of(), random.nextBoolean());
                byte[] file = Snapshots.write(Snapshots.live(source.engine), options);
                EngineConfig config = randomThresholds(random);
                try (Engine loaded = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed);
                     Engine written = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed)) {
                    KeyspaceLoader loader = new KeyspaceLoader(loaded, NOW, true);
                    new RdbReader(new BufferSource(file), file.length).read(loader);
                    Map<String, KeyModel> before = KeyModel.of(source.engine);
                    Map<String, KeyModel> after = KeyModel.of(loaded);
                    assertThat(withoutEncodings(after)).isEqualTo(withoutEncodings(before));
                    assertThat(loader.keysLoaded()).isEqualTo(before.size());
                    assertThat(loader.keysExpired()).isZero();
                    before.values().forEach(key -> key.writeTo(written));
                    assertThat(after).isEqualTo(KeyModel.of(written));
                }
            }
        }));
    }

    /** Encoding thresholds drawn at random, from 0 (always the big encoding) to Redis's defaults and beyond. */
    static EngineConfig randomThresholds(Random random) {
        EngineConfig config = new EngineConfig();
        int[] entries = {0, 1, 3, 16, 128, 512};
        int[] lengths = {0, 4, 16, 64};
        config.hashMaxListpackEntries = entries[random.nextInt(entries.length)];
        config.hashMaxListpackValue = lengths[random.nextInt(lengths.length)];
        config.setMaxIntsetEntries = entries[random.nextInt(entries.length)];
        config.setMaxListpackEntries = entries[random.nextInt(entries.length)];
        config.setMaxListpackValue = lengths[random.nextInt(lengths.length)];
        config.zsetMaxListpackEntries = entries[random.nextInt(entries.length)];
        config.zsetMaxListpackValue = lengths[random.nextInt(lengths.length)];
        config.listMaxListpackSize = new int[] {-5, -2, -1, 1, 4, 128}[random.nextInt(6)];
        return config;
    }

    private static Map<String, KeyModel> withoutEncodings(Map<String, KeyModel> keys) {
        return keys.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().withoutEncoding()));
    }
}
