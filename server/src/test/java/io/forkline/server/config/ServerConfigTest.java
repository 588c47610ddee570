package io.forkline.server.config;

import io.forkline.pages.PageSize;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerConfigTest {

    private final ServerConfig defaults = ServerConfig.defaults();

    @Test
    void typedAccessorsReadTheDefaults() {
        assertThat(defaults.port()).isEqualTo(6379);
        assertThat(defaults.bind()).containsExactly("127.0.0.1");
        assertThat(defaults.protectedMode()).isTrue();
        assertThat(defaults.requirepass()).isEmpty();
        assertThat(defaults.save().points()).containsExactly(new SavePoint(3600, 1), new SavePoint(300, 100),
                new SavePoint(60, 10000));
        assertThat(defaults.appendfsync()).isEqualTo(AppendFsync.EVERYSEC);
        assertThat(defaults.loglevel()).isEqualTo(LogLevel.NOTICE);
        assertThat(defaults.maxmemoryPolicy()).isEqualTo(MaxmemoryPolicy.NOEVICTION);
        assertThat(defaults.snapshotStrategy()).isEqualTo(SnapshotStrategyChoice.FORK_COW);
        assertThat(defaults.pageSize()).isEqualTo(PageSize.KIB_4);
        assertThat(defaults.clientOutputBufferLimits()).isEqualTo(ClientOutputBufferLimits.REDIS_DEFAULTS);
        assertThat(defaults.dir()).isEqualTo(ConfigTable.processWorkingDirectory());
        assertThat(defaults.daemonize()).isFalse();
        assertThat(defaults.get(ConfigTable.HZ)).isEqualTo(10);
    }

    @Test
    void everyDirectiveHasItsDefault() {
        for (ConfigDirective<?> directive : ConfigTable.standard().directives()) {
            assertThat(defaults.get(directive)).as(directive.name()).isEqualTo(directive.defaultValue());
        }
    }

    @Test
    void withMakesACopyAndEqualityFollowsValues() {
        ServerConfig changed = defaults.with(ConfigTable.PORT, 7000);
        assertThat(changed.port()).isEqualTo(7000);
        assertThat(defaults.port()).isEqualTo(6379);
        assertThat(changed).isNotEqualTo(defaults);
        ServerConfig back = changed.with(ConfigTable.PORT, 6379);
        assertThat(back).isEqualTo(defaults).hasSameHashCodeAs(defaults).isNotSameAs(defaults);
        assertThat(changed.sameValue(ConfigTable.BIND, defaults)).isTrue();
        assertThat(changed.sameValue(ConfigTable.PORT, defaults)).isFalse();
    }

    @Test
    void toStringShowsValuesButNotThePassword() {
        ServerConfig secret = defaults.with(ConfigTable.REQUIREPASS, "hunter2");
        assertThat(secret.requirepass()).contains("hunter2");
        assertThat(secret.toString()).contains("port=6379", "requirepass=(set)", "save=3600 1 300 100 60 10000")
                .doesNotContain("hunter2");
        assertThat(defaults.toString()).contains("requirepass=,");
    }

    @Test
    void valueRecordsShowAsConfigGetDoes() {
        assertThat(SaveSchedule.disabled().toString()).isEmpty();
        assertThat(SaveSchedule.disabled().isDisabled()).isTrue();
        assertThat(new SaveSchedule(List.of(new SavePoint(10, 0))).toString()).isEqualTo("10 0");
        assertThat(BindAddresses.of("127.0.0.1", "::1").toString()).isEqualTo("127.0.0.1 ::1");
    }
}
