package io.forkline.aof.manifest;

import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofManifestStoreTest {

    @TempDir
    Path dir;

    @Test
    void namesAsRedisMakesThem() {
        AofLayout layout = new AofLayout(dir, "appendonlydir", "appendonly.aof");
        assertThat(layout.directory()).isEqualTo(dir.resolve("appendonlydir"));
        assertThat(layout.manifest()).isEqualTo(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        assertThat(layout.tempManifest()).isEqualTo(dir.resolve("appendonlydir/temp-appendonly.aof.manifest"));
        assertThat(layout.legacyFile()).isEqualTo(dir.resolve("appendonly.aof"));
        assertThat(layout.baseName(2, true)).isEqualTo("appendonly.aof.2.base.rdb");
        assertThat(layout.baseName(3, false)).isEqualTo("appendonly.aof.3.base.aof");
        assertThat(layout.incrName(7)).isEqualTo("appendonly.aof.7.incr.aof");
        assertThat(AofLayout.defaults(dir)).isEqualTo(layout);
        assertThatThrownBy(() -> new AofLayout(dir, "a/b", "appendonly.aof")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AofLayout(dir, "appendonlydir", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void persistsAndReadsBack() throws Exception {
        AofLayout layout = AofLayout.defaults(dir);
        assertThat(AofManifestStore.read(FileStorage.INSTANCE, layout)).isNull();
        Files.createDirectories(layout.directory());
        AofManifest manifest = new AofManifest(new AofFileEntry(layout.baseName(1, true), 1, AofFileType.BASE), List.of(),
                List.of(new AofFileEntry(layout.incrName(1), 1, AofFileType.INCR)));
        AofManifestStore.persist(FileStorage.INSTANCE, layout, manifest);
        assertThat(Files.readString(layout.manifest()))
                .isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(Files.exists(layout.tempManifest())).isFalse();
        assertThat(AofManifestStore.read(FileStorage.INSTANCE, layout)).isEqualTo(manifest);
        Files.writeString(layout.manifest(), "file x seq 1 type q\n");
        assertThatThrownBy(() -> AofManifestStore.read(FileStorage.INSTANCE, layout)).isInstanceOf(AofManifestException.class)
                .hasMessageContaining(layout.manifest().toString());
    }
}
