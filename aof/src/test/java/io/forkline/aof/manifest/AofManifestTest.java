package io.forkline.aof.manifest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofManifestTest {

    private static final String REDIS_WRITTEN = """
            file appendonly.aof.2.base.rdb seq 2 type b
            file appendonly.aof.1.incr.aof seq 1 type h
            file appendonly.aof.2.incr.aof seq 2 type i
            file appendonly.aof.3.incr.aof seq 3 type i
            """;

    @Test
    void parsesAndFormatsWhatRedisWrites() throws Exception {
        AofManifest manifest = AofManifest.parse(REDIS_WRITTEN, "appendonly.aof.manifest");
        assertThat(manifest.base()).isEqualTo(new AofFileEntry("appendonly.aof.2.base.rdb", 2, AofFileType.BASE));
        assertThat(manifest.history()).extracting(AofFileEntry::name).containsExactly("appendonly.aof.1.incr.aof");
        assertThat(manifest.loadOrder()).extracting(AofFileEntry::name)
                .containsExactly("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.3.incr.aof");
        assertThat(manifest.format()).isEqualTo(REDIS_WRITTEN);
        assertThat(manifest.nextBaseSeq()).isEqualTo(3);
        assertThat(manifest.nextIncrSeq()).isEqualTo(4);
    }

    @Test
    void acceptsCommentsAnyOrderExtraPairsAndQuotedNames() throws Exception {
        AofManifest manifest = AofManifest.parse("""
                # a comment
                type b SEQ 1 file "odd name\\x41.rdb" future yes
                """, "m");
        assertThat(manifest.base().name()).isEqualTo("odd nameA.rdb");
        assertThat(AofManifest.parse(manifest.format(), "m")).isEqualTo(manifest);
    }

    @Test
    void rewriteMovesTheOldBaseAndClosedIncrsToHistory() {
        AofFileEntry base = new AofFileEntry("appendonly.aof.1.base.rdb", 1, AofFileType.BASE);
        AofFileEntry first = new AofFileEntry("appendonly.aof.1.incr.aof", 1, AofFileType.INCR);
        AofFileEntry second = new AofFileEntry("appendonly.aof.2.incr.aof", 2, AofFileType.INCR);
        AofManifest manifest = new AofManifest(base, List.of(), List.of(first)).withIncr(second);
        AofFileEntry newBase = new AofFileEntry("appendonly.aof.2.base.rdb", manifest.nextBaseSeq(), AofFileType.BASE);
        AofManifest rewritten = manifest.rewritten(newBase, second);
        assertThat(rewritten.base()).isEqualTo(newBase);
        assertThat(rewritten.history()).containsExactly(base.asHistory(), first.asHistory());
        assertThat(rewritten.incrs()).containsExactly(second);
        assertThat(rewritten.withoutHistory().format()).isEqualTo("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.2.incr.aof seq 2 type i
                """);
    }

    @Test
    void rejectsWhatRedisRejectsNamingTheLine() {
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type b\n\n", "m"))
                .hasMessageContaining("m at line 2").hasMessageContaining("empty line");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type b\nfile b seq 2 type b\n", "m"))
                .hasMessageContaining("duplicate base");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 0 type i\n", "m")).hasMessageContaining("positive");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 2 type i\nfile b seq 2 type i\n", "m"))
                .hasMessageContaining("non-monotonic");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type x\n", "m")).hasMessageContaining("unknown file type");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1\n", "m")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> AofManifest.parse("file ../a seq 1 type b\n", "m")).hasMessageContaining("plain name");
        assertThatThrownBy(() -> AofManifest.parse("# only a comment\n", "m")).hasMessageContaining("lists no file");
    }
}
